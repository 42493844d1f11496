#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL with a tollgate_test database owned by tollgate/tollgate.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_createcluster "$version" main
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -1)
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
if [ "$port" != "5432" ]; then
  echo "PostgreSQL cluster listens on $port, expected 5432" >&2
  exit 1
fi
su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tollgate') THEN
    CREATE ROLE tollgate LOGIN PASSWORD 'tollgate';
  END IF;
END $$;
SQL
if ! su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname='tollgate_test'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O tollgate tollgate_test"
fi
echo "PostgreSQL ready on 127.0.0.1:$port, database tollgate_test"
