// Publish and deploy: packages, images and releases going out to the world, registry
// credentials, unpublishing, and deploys that go live (explicitly, by the tool's default, or to
// a production context). Pushes to protected branches are the git pack's.
import type { Action, CloudAction, PackageAction } from '../../actions/types.js';
import { defineRule, type DecideEnv } from '../types.js';

export const PACK = 'publish';

const isPkg = (a: Action, ...ops: PackageAction['op'][]): a is PackageAction => a.kind === 'package' && ops.includes(a.op);
const IMAGE_TOOLS = /^(docker|podman|nerdctl|docker compose|docker-compose|podman compose|podman-compose)$/;

export const packagePublish = defineRule({
  id: 'publish/package-publish',
  verdict: 'ask',
  summary: 'Publishes a package to a registry (npm, PyPI, Cargo, RubyGems, the VS Code marketplace…)',
  why: 'A published version is public and permanent: everyone who installs it runs it, and it cannot be replaced under the same version.',
  fix: 'Let the user publish (or the release pipeline), after review; `npm publish --dry-run` shows what would go out.',
  on: ['package'],
  match: (a) => isPkg(a, 'publish') && !IMAGE_TOOLS.test(a.manager) && a.manager !== 'gh',
  examples: {
    match: [{ Bash: 'npm publish' }, { Bash: 'npm publish --access public --tag next' }, { Bash: 'pnpm publish -r' }, { Bash: 'yarn npm publish' }, { Bash: 'bun publish' }, { Bash: 'twine upload dist/*' }, { Bash: 'python -m twine upload dist/*' }, { Bash: 'poetry publish --build' }, { Bash: 'uv publish' }, { Bash: 'cargo publish' }, { Bash: 'gem push mygem-1.0.0.gem' }, { Bash: 'npx vsce publish' }, { Bash: 'npx changeset publish' }, { Bash: 'helm push chart-1.0.0.tgz oci://registry.example.com/charts' }],
    pass: [{ Bash: 'npm publish --dry-run' }, { Bash: 'cargo publish --dry-run' }, { Bash: 'npm pack' }, { Bash: 'twine check dist/*' }, { Bash: 'git commit -m "npm publish v2"' }, { Bash: 'poetry build' }],
  },
});

export const imagePush = defineRule({
  id: 'publish/image-push',
  verdict: 'ask',
  summary: 'Pushes a container image to a registry (docker push, buildx --push, podman push)',
  why: 'A pushed tag is what servers pull; pushing over `latest` or a release tag can deploy it, and the image may contain files that were never meant to leave the machine.',
  fix: 'Push from the release pipeline, or confirm the image and tag with the user.',
  on: ['package'],
  match: (a) => isPkg(a, 'publish') && IMAGE_TOOLS.test(a.manager),
  examples: {
    match: [{ Bash: 'docker push registry.example.com/app:latest' }, { Bash: 'docker image push example/app:1.2' }, { Bash: 'docker buildx build --push -t example/app:1.2 .' }, { Bash: 'podman push example/app' }],
    pass: [{ Bash: 'docker build -t example/app .' }, { Bash: 'docker pull node:20' }, { Bash: 'docker ps' }],
  },
});

export const release = defineRule({
  id: 'publish/github-release',
  verdict: 'ask',
  summary: 'Creates or uploads a GitHub release',
  why: 'Releases notify watchers, trigger release workflows and are what users download.',
  fix: 'Create it as a draft (`gh release create --draft`) and let the user publish it.',
  on: ['package'],
  match: (a) => isPkg(a, 'publish') && a.manager === 'gh',
  examples: {
    match: [{ Bash: 'gh release create v1.2.0 --generate-notes' }, { Bash: 'gh release upload v1.2.0 dist/app.tar.gz' }],
    pass: [{ Bash: 'gh release create v1.2.0 --draft' }, { Bash: 'gh release list' }, { Bash: 'gh pr create --fill' }],
  },
});

export const unpublish = defineRule({
  id: 'publish/unpublish',
  verdict: 'deny',
  summary: 'Unpublishes a package version (npm unpublish, gem yank, vsce unpublish)',
  why: 'Everyone who depends on that version breaks, and the version number can never be used again.',
  fix: 'Deprecate the version instead (`npm deprecate pkg@1.2.3 "reason"`), and leave removal to the maintainers.',
  on: ['package'],
  match: (a) => isPkg(a, 'unpublish'),
  examples: {
    match: [{ Bash: 'npm unpublish my-pkg@1.0.1' }, { Bash: 'npm unpublish my-pkg --force' }, { Bash: 'gem yank mygem -v 1.0.0' }, { Bash: 'npx vsce unpublish publisher.ext' }],
    pass: [{ Bash: 'npm uninstall left-pad' }, { Bash: 'npm view my-pkg versions' }],
  },
});

export const withdraw = defineRule({
  id: 'publish/retag-or-withdraw',
  verdict: 'ask',
  summary: 'Moves dist-tags, deprecates or yanks published versions, or deletes a release',
  why: 'Users and CI pick versions by tag; moving `latest` or deprecating a version changes what everyone installs.',
  fix: 'Confirm the package, version and tag with the user.',
  on: ['package'],
  match: (a) => isPkg(a, 'dist-tag', 'deprecate', 'yank'),
  examples: {
    match: [{ Bash: 'npm dist-tag add my-pkg@2.0.0 latest' }, { Bash: 'npm deprecate my-pkg@"<2" "use v2"' }, { Bash: 'cargo yank --version 1.0.1' }, { Bash: 'gh release delete v1.0.0' }],
    pass: [{ Bash: 'npm dist-tag ls my-pkg' }, { Bash: 'npm view my-pkg dist-tags' }],
  },
});

export const credentials = defineRule({
  id: 'publish/registry-credentials',
  verdict: 'ask',
  summary: 'Logs in to a package registry, creates tokens, or changes package owners and access',
  why: 'Registry credentials and ownership are what publishing rights hang on; an agent has no business creating or sharing them.',
  fix: 'Ask the user to log in or change ownership themselves.',
  on: ['package'],
  match: (a) => isPkg(a, 'login'),
  examples: {
    match: [{ Bash: 'npm login' }, { Bash: 'npm token create --read-only' }, { Bash: 'npm owner add someone my-pkg' }, { Bash: 'npm access grant read-write org:team my-pkg' }, { Bash: 'cargo login' }, { Bash: 'poetry config pypi-token.pypi abc' }, { Bash: 'gem signin' }],
    pass: [{ Bash: 'npm whoami' }, { Bash: 'npm token list' }, { Bash: 'npm owner ls my-pkg' }],
  },
});

/** kubectl and helm verbs that change what runs. */
const KUBE_CHANGES = /^(apply|create|replace|patch|edit|set|scale|autoscale|rollout|delete|drain|cordon|uncordon|taint|label|annotate|expose|run|install|upgrade|uninstall|rollback)$/;

export function goesLive(a: CloudAction, env: DecideEnv): boolean {
  if (a.deploy === 'production') return true;
  if (a.deploy === 'preview') return env.production && !a.flags.includes('--dry-run');
  // Changes to clusters (and playbook runs) whose context the line names as production.
  if ((a.tool === 'kubectl' || a.tool === 'oc' || a.tool === 'helm') && KUBE_CHANGES.test(a.op[0] ?? '')) {
    const dry = (a.values?.['--dry-run'] ?? []).some((d) => d !== 'none') || a.flags.includes('--dry-run');
    return !dry && a.production !== undefined;
  }
  return false;
}

export const productionDeploy = defineRule({
  id: 'publish/production-deploy',
  verdict: 'ask',
  summary: 'Deploys to production (vercel --prod, fly deploy, firebase deploy, wrangler deploy, cdk deploy, kubectl/helm on a production context…)',
  why: 'A production deploy changes what real users get, immediately; it should happen on purpose, with someone watching.',
  fix: 'Deploy a preview or staging environment, and let the user (or the release pipeline) promote it.',
  on: ['cloud'],
  match: (a, env) => a.kind === 'cloud' && goesLive(a, env),
  examples: {
    match: [{ Bash: 'vercel --prod' }, { Bash: 'vercel deploy --target production' }, { Bash: 'netlify deploy --prod --dir dist' }, { Bash: 'fly deploy' }, { Bash: 'firebase deploy --only hosting' }, { Bash: 'npx wrangler deploy' }, { Bash: 'serverless deploy --stage production' }, { Bash: 'npx cdk deploy --require-approval never' }, { Bash: 'kubectl --context prod-eu apply -f k8s/' }, { Bash: 'helm upgrade api ./chart --kube-context production' }, { Bash: 'ansible-playbook -i inventories/production site.yml' }, { Bash: 'gcloud run deploy api --image registry.example.com/x/api' }, { Bash: 'heroku releases:rollback -a shop' }, { Bash: 'cap production deploy' }],
    pass: [{ Bash: 'vercel' }, { Bash: 'netlify deploy --dir dist' }, { Bash: 'sls deploy --stage dev' }, { Bash: 'wrangler deploy --env staging' }, { Bash: 'wrangler deploy --dry-run' }, { Bash: 'kubectl --context kind-dev apply -f k8s/' }, { Bash: 'kubectl --context prod-eu get pods' }, { Bash: 'ansible-playbook -i inventories/production site.yml --check' }, { Bash: 'npm run deploy:staging' }, { Bash: 'cdk diff' }, { Bash: 'firebase hosting:channel:deploy preview-1' }],
  },
});

/** Git remotes that deploy on push. */
const DEPLOY_REMOTE = /^(heroku|dokku|production|prod|live|deploy|azure|pantheon|platform|scalingo|clever)$/;
const DEPLOY_URL = /(git\.heroku\.com|\.scm\.azurewebsites\.net|dokku@|git\.scalingo\.com|push-[\w.-]+\.clever-cloud\.com|\.platform\.sh|codeserver\.dev\.[\w-]+\.drush\.in)/;

export const deployByPush = defineRule({
  id: 'publish/deploy-by-git-push',
  verdict: 'ask',
  summary: 'git push to a remote that deploys on push (heroku, dokku, a production remote)',
  why: 'Pushing to a deploy remote releases the code to users, whatever the branch is called.',
  fix: 'Push to the code host and let the deploy pipeline release it, or confirm with the user.',
  on: ['git'],
  match: (a) => a.kind === 'git' && a.op === 'push' && a.remote !== undefined && !a.flags.includes('--dry-run') && !a.flags.includes('-n') && (DEPLOY_REMOTE.test(a.remote) || DEPLOY_URL.test(a.remote)),
  examples: {
    match: [{ Bash: 'git push heroku main' }, { Bash: 'git push production HEAD:master' }, { Bash: 'git push dokku@apps.example.com:shop main' }],
    pass: [{ Bash: 'git push origin feature/login' }, { Bash: 'git push --dry-run heroku main' }, { Bash: 'git remote add heroku https://git.heroku.com/shop.git' }],
  },
});

export const makePublic = defineRule({
  id: 'publish/repository-visibility',
  verdict: 'ask',
  summary: 'Makes a repository public (gh repo edit --visibility public, gh repo create --public)',
  why: 'Making a repository public publishes its whole history, secrets committed by mistake included.',
  fix: 'Let the user change the visibility after checking the history.',
  on: ['cloud'],
  match: (a) => a.kind === 'cloud' && a.tool === 'gh' && (a.op[1] === 'edit' || a.op[1] === 'create') && (a.values?.['--visibility'] ?? []).includes('public'),
  examples: {
    match: [{ Bash: 'gh repo edit --visibility public --accept-visibility-change-consequences' }, { Bash: 'gh repo create my-tool --public --source=. --push' }],
    pass: [{ Bash: 'gh repo create my-tool --private --source=.' }, { Bash: 'gh repo view' }],
  },
});

export const rules = [packagePublish, imagePush, release, unpublish, withdraw, credentials, productionDeploy, deployByPush, makePublic];
