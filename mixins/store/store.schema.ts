import { StoreUsageError } from './store.errors';
import type { CollectionDef, FieldType, Migration, StoreSchema } from './store.types';

const NAME = /^[a-z][a-z0-9_]*$/;
const FIELD = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const RESERVED = new Set(['id', 'version']);

/** The current collection definitions, derived by replaying the migrations in order. */
export function collectionsOf(schema: StoreSchema): Map<string, CollectionDef> {
  const defs = new Map<string, CollectionDef>();
  const seen = new Set<string>();
  for (const migration of schema.migrations) {
    if (seen.has(migration.name)) throw new StoreUsageError(`Migration ${migration.name} is declared twice`);
    seen.add(migration.name);
    for (const step of migration.steps) {
      if ('createCollection' in step) {
        const def = step.createCollection;
        validateDef(def);
        if (defs.has(def.name)) throw new StoreUsageError(`Collection ${def.name} is created twice`);
        defs.set(def.name, cloneDef(def));
      } else if ('addField' in step) {
        const { collection, field, type } = step.addField;
        const def = mustGet(defs, collection);
        checkFieldName(field);
        if (def.fields[field]) throw new StoreUsageError(`Field ${collection}.${field} already exists`);
        def.fields[field] = type;
      } else {
        const { collection, fields, unique } = step.addIndex;
        const def = mustGet(defs, collection);
        fields.forEach((f) => fieldType(def, f));
        if (unique) def.unique = [...(def.unique ?? []), fields];
        else def.indexes = [...(def.indexes ?? []), fields];
      }
    }
  }
  return defs;
}

export function sortedMigrations(schema: StoreSchema): Migration[] {
  const names = schema.migrations.map((m) => m.name);
  const sorted = [...names].sort();
  if (names.join() !== sorted.join()) throw new StoreUsageError('Migrations must be declared in name order');
  return schema.migrations;
}

/** Type of a top-level field or of the json field a dotted path starts in. */
export function fieldType(def: CollectionDef, path: string): FieldType {
  const top = path.split('.')[0];
  if (top === 'id') return 'string';
  if (top === 'version' && def.versioned) return 'int';
  const type = def.fields[top];
  if (!type) throw new StoreUsageError(`Unknown field ${def.name}.${top}`);
  if (top !== path && type !== 'json') throw new StoreUsageError(`${def.name}.${top} is not a json field`);
  return type;
}

function validateDef(def: CollectionDef): void {
  if (!NAME.test(def.name)) throw new StoreUsageError(`Bad collection name ${def.name}`);
  Object.keys(def.fields).forEach(checkFieldName);
  for (const set of [...(def.unique ?? []), ...(def.indexes ?? [])]) set.forEach((f) => fieldType(def, f));
  if (def.expiresAt && def.fields[def.expiresAt] !== 'timestamp') {
    throw new StoreUsageError(`${def.name}.expiresAt must name a timestamp field`);
  }
}

function checkFieldName(field: string): void {
  if (!FIELD.test(field) || RESERVED.has(field)) throw new StoreUsageError(`Bad field name ${field}`);
}

function mustGet(defs: Map<string, CollectionDef>, name: string): CollectionDef {
  const def = defs.get(name);
  if (!def) throw new StoreUsageError(`Unknown collection ${name}`);
  return def;
}

function cloneDef(def: CollectionDef): CollectionDef {
  return {
    ...def,
    fields: { ...def.fields },
    unique: def.unique?.map((u) => [...u]),
    indexes: def.indexes?.map((i) => [...i]),
  };
}
