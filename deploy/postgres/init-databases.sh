#!/usr/bin/env bash
# Creates one database per store whose production engine is PostgreSQL (storeDatabaseName in
# config/stores.ts). The postgres image runs this once, on the first start of an empty data volume;
# stores also create a missing database on connect, so a database added later still works. The list
# is generated from the service manifests (npm run generate); test/deploy checks it is in step.
set -euo pipefail

databases=(
  # >>> generated from services/registry.ts by `npm run generate`: edit the manifests, not these lines
  shop_auth
  shop_users
  shop_search
  shop_discounts
  shop_tax
  shop_shipping
  shop_shipments
  shop_returns
  shop_orders
  shop_payments
  shop_saga
  # <<< generated
)

for db in "${databases[@]}"; do
  # \gexec runs the generated statement only when the database is missing (CREATE DATABASE has no IF NOT EXISTS).
  psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname postgres --set=db="$db" <<'SQL'
SELECT format('CREATE DATABASE %I', :'db') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL
  echo "init-databases: ${db} ready"
done
