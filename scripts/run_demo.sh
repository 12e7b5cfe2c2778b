#!/bin/sh
# Run the background worker beside the web server, and stop it when the server stops.
set -eu
python="$1"
"$python" manage.py db_worker --interval 1 &
worker=$!
"$python" manage.py run_scheduler &
scheduler=$!
trap 'kill "$worker" "$scheduler" 2>/dev/null || true' EXIT INT TERM
"$python" manage.py runserver 127.0.0.1:8000
