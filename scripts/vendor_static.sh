#!/bin/sh
# Copy the pinned front-end packages from node_modules into static/vendor (committed), so that
# `make demo` needs no Node.js. Run by `make vendor` after changing package.json.
set -eu
cd "$(dirname "$0")/.."
dest=static/vendor
mkdir -p "$dest/utrecht" "$dest/htmx"
cp node_modules/@utrecht/component-library-css/dist/index.css "$dest/utrecht/component-library.css"
cp node_modules/@utrecht/design-tokens/dist/theme.css "$dest/utrecht/design-tokens-theme.css"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/htmx.min.js"
for pkg in @utrecht/component-library-css @utrecht/design-tokens htmx.org; do
  node -e "const p=require('./node_modules/$pkg/package.json');console.log(p.name+'@'+p.version+' '+p.license)"
done > "$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
# The theme's typeface, latin subset only (Dutch needs nothing more).
mkdir -p "$dest/fonts"
cp node_modules/@fontsource-variable/noto-sans/files/noto-sans-latin-wght-normal.woff2 "$dest/fonts/"
cp node_modules/@fontsource-variable/noto-sans/LICENSE "$dest/fonts/LICENSE-noto-sans.txt"
