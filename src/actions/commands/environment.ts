// Where a command points: production markers in hosts, names, stages and environment variables.
// Only what the command line shows; the policy's `production: true` is added by the rules.

const PROD_WORD = /(^|[^a-z0-9])(prod|production|prd|live)([^a-z0-9]|$)/i;
const NON_PROD_WORD = /(^|[^a-z0-9])(dev|development|test|testing|staging|stage|stg|qa|uat|sandbox|preview|local|ci|demo)([^a-z0-9]|$)/i;

/** `production`, `prod-eu-1`, `db.prod.example.com`, `myapp_production` → true; `products`, `reproduce` → false. */
export function isProductionName(text: string): boolean {
  return PROD_WORD.test(words(text));
}

/** `my_app`, `ShopStagingStack` → `my-app`, `Shop-Staging-Stack`: separators the patterns can see. */
function words(text: string): string {
  return text.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2');
}

/** `staging`, `dev`, `my-app-test` → true. */
export function isNonProductionName(text: string): boolean {
  return NON_PROD_WORD.test(words(text));
}

/** Environment variables whose value names the environment an app or tool runs against. */
const ENV_VARS = /^(RAILS_ENV|RACK_ENV|NODE_ENV|APP_ENV|ENV|ENVIRONMENT|STAGE|DJANGO_SETTINGS_MODULE|FLASK_ENV|MIX_ENV|ASPNETCORE_ENVIRONMENT|SPRING_PROFILES_ACTIVE|DEPLOY_ENV|TF_WORKSPACE|PULUMI_STACK|AWS_PROFILE|KUBECONTEXT|DATABASE_URL|DB_HOST|PGHOST|MYSQL_HOST|REDIS_URL|MONGODB_URI|MONGO_URL)$/;

/** The first `NAME=value` assignment (before the command or via `env`) that says production. */
export function productionAssignment(assignments: readonly { name: string; value: { value: string | null } }[]): string | undefined {
  for (const a of assignments) {
    if (!ENV_VARS.test(a.name) || a.value.value === null) continue;
    const value = /_URL$|^DATABASE_URL$|^MONGODB_URI$/.test(a.name) ? (hostOfConnection(a.value.value) ?? a.value.value) : a.value.value;
    if (isProductionName(value)) return `${a.name}=${value}`;
  }
  // Rails' own guard against destroying a production database, switched off.
  if (assignments.some((a) => a.name === 'DISABLE_DATABASE_ENVIRONMENT_CHECK' && a.value.value === '1')) return 'DISABLE_DATABASE_ENVIRONMENT_CHECK=1';
  return undefined;
}

/** Host of a connection URL (`postgres://u:p@db.example.com:5432/app` → `db.example.com`), never the credentials. */
export function hostOfConnection(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#,]+)/i.exec(url);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Database name of a connection URL (`…/app?sslmode=require` → `app`). */
export function databaseOfConnection(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/([^?#]+)/i.exec(url);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\]|0\.0\.0\.0|host\.docker\.internal|)$/i;

/** A host that is this machine (or a Unix socket path). */
export function isLocalHost(host: string): boolean {
  return LOCAL_HOST.test(host) || host.startsWith('/');
}

/** A URL without its user and password: `postgres://u:p@h/db` → `postgres://h/db`. */
export function stripCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}
