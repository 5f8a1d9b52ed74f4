"""The Lab's first page asks for Plotly's chart chunk by the name this Streamlit ships."""

from pathlib import Path

import streamlit as st

from reglab_ui.views.plotly_preload import plotly_chunk, preload_script


def test_the_chunk_is_found_in_this_streamlit_and_imported_by_its_own_url():
    chunk = plotly_chunk()
    assert chunk is not None, "Streamlit renamed its Plotly chunk: the Lab would load it late"
    assert (Path(st.__file__).parent / "static" / "static" / "js" / chunk).stat().st_size > 1e6
    script = preload_script(chunk)
    assert f'new URL("./{chunk}", s.src)' in script  # beside Streamlit's main script
    assert f'"./static/js/{chunk}"' in script and "import(" in script
    assert script.startswith("<script>") and script.endswith("</script>")
