#!/bin/sh
# Browser tests and static figure export need Debian's chromium; Fashion-MNIST comes from Debian too.
if [ -x /usr/bin/chromium ] && [ -d /usr/share/datasets/fashion-mnist ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium and dataset-fashion-mnist with apt-get ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium dataset-fashion-mnist >/dev/null
else
    echo "Chromium not found at /usr/bin/chromium. Install it (Debian: 'sudo apt-get install chromium dataset-fashion-mnist');" \
         "browser tests and PNG/SVG/PDF export are skipped without it." >&2
fi
exit 0
