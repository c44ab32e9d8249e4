#!/usr/bin/env bash
# Fetch the web interface's third-party assets from the npm registry (`npm pack`, no install, no
# build) into src/entekhab/web/static/vendor/, each with its licence. The result is committed:
# the server never loads anything from the internet, so an offline headquarters network and a
# branch laptop see the same pages. Run by `make assets`; bump a version here and run it again.
set -euo pipefail
cd "$(dirname "$0")/.."

VAZIRMATN=5.3.0      # @fontsource/vazirmatn: the Persian font (SIL Open Font License 1.1)
HTMX=2.0.8           # htmx.org: live parts of the pages (0BSD)
SWAGGER_UI=5.35.0    # swagger-ui-dist: /docs (Apache-2.0)
REDOC=2.5.4          # redoc: /redoc (MIT; 3.x ships an ES module, not a standalone script)

dest=src/entekhab/web/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack NAME@VERSION into $work/NAME-dir
  local spec=$1 dir=$2
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$work/$dir"
  tar xzf "$work"/*.tgz -C "$work/$dir" --strip-components=1
  rm -f "$work"/*.tgz
}

rm -rf "$dest" && mkdir -p "$dest"/{vazirmatn/files,htmx,swagger-ui,redoc}

unpack "@fontsource/vazirmatn@$VAZIRMATN" vazirmatn
cp "$work/vazirmatn/LICENSE" "$dest/vazirmatn/OFL.txt"
for subset in arabic latin; do
  for weight in 400 700; do
    cp "$work/vazirmatn/files/vazirmatn-$subset-$weight-normal.woff2" "$dest/vazirmatn/files/"
  done
done
# The Arabic-script and Latin faces of each weight, with fontsource's unicode-range (without it
# the last face declared would shadow the other); woff2 only, every browser we serve reads it.
python3 - "$work/vazirmatn" >"$dest/vazirmatn/vazirmatn.css" <<'PY'
import re, sys
blocks = []
for weight in ("400", "700"):
    css = open(f"{sys.argv[1]}/{weight}.css", encoding="utf-8").read()
    for block in css.split("\n\n"):
        if re.search(rf"vazirmatn-(arabic|latin)-{weight}-normal \*/", block):
            blocks.append(re.sub(r", url\([^)]*\.woff\) format\('woff'\)", "", block.strip()))
print("\n\n".join(blocks))
PY

unpack "htmx.org@$HTMX" htmx
cp "$work/htmx/dist/htmx.min.js" "$work/htmx/LICENSE" "$dest/htmx/"

unpack "swagger-ui-dist@$SWAGGER_UI" swagger
cp "$work/swagger/swagger-ui-bundle.js" "$work/swagger/swagger-ui.css" "$work/swagger/LICENSE" \
  "$work/swagger/swagger-ui-bundle.js.LICENSE.txt" "$dest/swagger-ui/"

unpack "redoc@$REDOC" redoc
cp "$work/redoc/bundles/redoc.standalone.js" "$work/redoc/LICENSE" "$dest/redoc/"

cat >"$dest/VERSIONS" <<VERSIONS
@fontsource/vazirmatn $VAZIRMATN (OFL-1.1, vazirmatn/OFL.txt)
htmx.org $HTMX (0BSD, htmx/LICENSE)
swagger-ui-dist $SWAGGER_UI (Apache-2.0, swagger-ui/LICENSE)
redoc $REDOC (MIT, redoc/LICENSE)
VERSIONS
echo "assets in $dest:"; du -sh "$dest"/*
