import { describe, expect, it } from 'vitest';
import { label, packTable, type Case } from './table.js';

const t = packTable('publish');

const CASES: Case[] = [
  ['npm run deploy:staging', []],
  ['npm run release', []],
  ['npm version minor', []],
  ['npm pack', []],
  ['npm publish --dry-run', []],
  ['git push origin feature/x', []],
  ['git remote -v', []],
  ['docker build -t app:dev .', []],
  ['docker buildx build --load -t app .', []],
  ['gh release download v1.0.0', []],
  ['gh release create v2.0.0 -d', []],
  ['vercel dev', []],
  ['vercel env ls', []],
  ['netlify build', []],
  ['fly logs -a shop', []],
  ['wrangler dev', []],
  ['serverless deploy', []],
  ['kubectl --context prod get pods', []],
  ['kubectl --context prod apply -f k8s/ --dry-run=server', []],
  ['helm upgrade api ./chart --kube-context prod --dry-run', []],
  ['echo "npm publish"', []],
  ['npm publish', ['publish/package-publish']],
  ['cd packages/cli && pnpm publish --no-git-checks', ['publish/package-publish']],
  ['twine upload --repository testpypi dist/*', ['publish/package-publish']],
  ['ovsx publish -p TOKEN', ['publish/package-publish']],
  ['goreleaser release --clean', ['publish/package-publish']],
  ['goreleaser release --snapshot', []],
  ['docker push registry.example.com/example/app:1.0', ['publish/image-push']],
  ['podman manifest push app:1.0 docker://registry.example.com/app:1.0', ['publish/image-push']],
  ['gh release create v2.0.0 dist/*', ['publish/github-release']],
  ['npm unpublish left-pad@1.0.0', ['publish/unpublish']],
  ['npm dist-tag rm my-pkg beta', ['publish/retag-or-withdraw']],
  ['npm adduser', ['publish/registry-credentials']],
  ['vercel promote https://app-abc.vercel.app', ['publish/production-deploy']],
  ['netlify deploy -p', ['publish/production-deploy']],
  ['fly deploy -a shop', ['publish/production-deploy']],
  ['fly deploy -a shop-staging', []],
  ['wrangler deploy --env production', ['publish/production-deploy']],
  ['sls deploy -s prod', ['publish/production-deploy']],
  ['helm rollback api 3 --kube-context production', ['publish/production-deploy']],
  ['kubectl scale deploy/api --replicas=5 --context prod-eu-1', ['publish/production-deploy']],
  ['git push heroku main', ['publish/deploy-by-git-push']],
  ['git push dokku main --dry-run', []],
  ['gh repo edit --visibility public', ['publish/repository-visibility']],
  ['gh repo edit --visibility private', []],
];

describe('publish pack edge cases', () => {
  it.each(CASES.map(([i, e]) => [label(i), i, e] as const))('%s', (_l, input, expected) => {
    expect(t.fired(input)).toEqual([...expected].sort());
  });

  it('treats every deploy as production on a production machine', () => {
    expect(t.fired('vercel')).toEqual([]);
    expect(t.fired('vercel', { production: true })).toEqual(['publish/production-deploy']);
  });
});
