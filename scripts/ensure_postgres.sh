#!/bin/sh
# Start the local PostgreSQL cluster if it is not running, and create the suite's database.
set -eu
url="$1"
host=$(python3 -c "import sys,urllib.parse as u;p=u.urlparse(sys.argv[1]);print(p.hostname or '127.0.0.1')" "$url")
port=$(python3 -c "import sys,urllib.parse as u;p=u.urlparse(sys.argv[1]);print(p.port or 5432)" "$url")
user=$(python3 -c "import sys,urllib.parse as u;p=u.urlparse(sys.argv[1]);print(p.username or 'postgres')" "$url")
name=$(python3 -c "import sys,urllib.parse as u;p=u.urlparse(sys.argv[1]);print(p.path.lstrip('/') or 'ontschot')" "$url")
if ! pg_isready -q -h "$host" -p "$port"; then
  if [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  fi
  i=0
  until pg_isready -q -h "$host" -p "$port"; do
    i=$((i + 1))
    [ "$i" -lt 30 ] || { echo "PostgreSQL did not start on $host:$port" >&2; exit 1; }
    sleep 1
  done
fi
if ! psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
  createdb -h "$host" -p "$port" -U "$user" "$name"
  echo "Created database $name"
fi
