#!/bin/sh
# Browser tests and static figure export need Debian's chromium; Fashion-MNIST comes from Debian
# too; a font with Hangul (fonts-nanum) lets Chromium and the PNG/SVG/PDF exports draw Korean.
has_hangul() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ko family)" ]; }
if [ -x /usr/bin/chromium ] && [ -d /usr/share/datasets/fashion-mnist ] && has_hangul; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium, dataset-fashion-mnist and fonts-nanum with apt-get ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
        dataset-fashion-mnist fonts-nanum fontconfig >/dev/null
else
    echo "Chromium or a Hangul font not found. Install them (Debian: 'sudo apt-get install chromium" \
         "dataset-fashion-mnist fonts-nanum'); browser tests and PNG/SVG/PDF export are skipped" \
         "without Chromium, and Korean draws as boxes without the font." >&2
fi
exit 0
