#!/bin/sh
# Install the Debian packages the test suite needs, if they are missing. Never downloads a browser
# of its own: the browser journeys drive Debian's chromium.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing fonts-dejavu-core >/dev/null
fi
