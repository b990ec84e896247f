// Cloud and infrastructure: destroying whole environments (accounts, projects, clusters, stacks,
// data stores), deleting resources, applying infrastructure changes, state surgery, disrupting
// clusters, granting admin or minting credentials, and containers that reach into the host.
// Read-only commands (describe, get, list, plan, show, status) pass.
import type { Action, CloudAction } from '../../actions/types.js';
import { defineRule } from '../types.js';
import { cloudRisks, type CloudRiskKind } from './cloud-risk.js';

export const PACK = 'cloud';

const hasRisk = (a: Action, kind: CloudRiskKind): a is CloudAction => a.kind === 'cloud' && cloudRisks(a).some((r) => r.kind === kind);

export const destroyEnvironment = defineRule({
  id: 'cloud/destroy-environment',
  verdict: 'deny',
  summary: 'Destroys a whole environment: terraform/pulumi destroy, an account, project, cluster, stack, namespace, app or data store',
  why: 'Everything in it goes at once — servers, databases, buckets, the data inside — and most of it cannot be restored.',
  fix: 'Destroy the single resource you mean after a plan/preview, or ask the user to run it.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'destroy'),
  examples: {
    match: [{ Bash: 'terraform destroy -auto-approve' }, { Bash: 'tofu destroy' }, { Bash: 'terraform apply -destroy' }, { Bash: 'terragrunt run-all destroy' }, { Bash: 'pulumi destroy --yes' }, { Bash: 'kubectl delete namespace production' }, { Bash: 'kubectl delete all --all -A' }, { Bash: 'aws cloudformation delete-stack --stack-name api' }, { Bash: 'aws s3 rb s3://assets --force' }, { Bash: 'aws s3 rm s3://assets --recursive' }, { Bash: 'aws rds delete-db-instance --db-instance-identifier shop --skip-final-snapshot' }, { Bash: 'gcloud projects delete my-project' }, { Bash: 'gcloud container clusters delete main --zone europe-west1-b' }, { Bash: 'gsutil rm -r gs://assets' }, { Bash: 'az group delete --name rg-prod --yes' }, { Bash: 'eksctl delete cluster --name main' }, { Bash: 'doctl kubernetes cluster delete main' }, { Bash: 'npx cdk destroy --all' }, { Bash: 'serverless remove --stage prod' }, { Bash: 'fly apps destroy shop' }, { Bash: 'heroku apps:destroy shop --confirm shop' }, { Bash: 'gh repo delete example/shop --yes' }],
    pass: [{ Bash: 'terraform plan' }, { Bash: 'terraform plan -destroy' }, { Bash: 'pulumi preview' }, { Bash: 'kubectl get ns' }, { Bash: 'aws s3 ls s3://assets' }, { Bash: 'gcloud projects list' }, { Bash: 'az group list' }, { Bash: 'git commit -m "terraform destroy the old stack"' }, { Bash: 'kind delete cluster' }],
  },
});

export const deleteResource = defineRule({
  id: 'cloud/delete-resource',
  verdict: 'ask',
  summary: 'Deletes a cloud or cluster resource (kubectl delete, helm uninstall, aws … delete-*, gcloud/az … delete, s3 rm)',
  why: 'Deleted servers, functions, objects and keys are gone; the agent may not know what depends on them.',
  fix: 'Confirm the resource and the account or context with the user.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'delete'),
  examples: {
    match: [{ Bash: 'kubectl delete pod api-7f9c' }, { Bash: 'kubectl delete -f k8s/job.yaml' }, { Bash: 'helm uninstall api' }, { Bash: 'aws ec2 terminate-instances --instance-ids i-0abc' }, { Bash: 'aws lambda delete-function --function-name resize' }, { Bash: 'aws s3 rm s3://assets/tmp/ --recursive' }, { Bash: 'aws s3 sync ./dist s3://site --delete' }, { Bash: 'gcloud compute instances delete vm-1 --zone us-central1-a' }, { Bash: 'az vm delete -g rg -n vm1' }, { Bash: 'gsutil rm gs://assets/old.png' }, { Bash: 'hcloud server delete web-1' }, { Bash: 'fly machine destroy 148ed' }],
    pass: [{ Bash: 'kubectl get pods' }, { Bash: 'kubectl describe pod api-7f9c' }, { Bash: 'kubectl delete pod api --dry-run=client' }, { Bash: 'helm list' }, { Bash: 'aws ec2 describe-instances' }, { Bash: 'gcloud compute instances list' }, { Bash: 'kubectl config delete-context old' }, { Bash: 'gcloud config configurations delete old' }, { Bash: 'helm repo remove example' }],
  },
});

export const infraApply = defineRule({
  id: 'cloud/infra-apply',
  verdict: 'ask',
  summary: 'Applies infrastructure changes (terraform/tofu apply, pulumi up)',
  why: 'An apply changes real infrastructure; with -auto-approve or --yes nobody reviews the plan first.',
  fix: 'Run `terraform plan` / `pulumi preview`, show the plan to the user, and let them apply it.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'apply'),
  examples: {
    match: [{ Bash: 'terraform apply -auto-approve' }, { Bash: 'terraform apply tfplan' }, { Bash: 'terraform -chdir=envs/prod apply' }, { Bash: 'tofu apply --auto-approve' }, { Bash: 'pulumi up --yes' }, { Bash: 'pulumi up -s prod' }],
    pass: [{ Bash: 'terraform plan -out tfplan' }, { Bash: 'terraform validate' }, { Bash: 'terraform fmt -recursive' }, { Bash: 'pulumi preview' }, { Bash: 'terraform show tfplan' }],
  },
});

export const stateSurgery = defineRule({
  id: 'cloud/state-surgery',
  verdict: 'ask',
  summary: 'Edits infrastructure state by hand (terraform state rm/mv/push, force-unlock, taint, pulumi state delete, stack rm)',
  why: 'A wrong state edit orphans real resources or makes the next apply destroy and recreate them; force-unlock can corrupt a run in progress.',
  fix: 'Confirm with the user; back up the state first (`terraform state pull > backup.tfstate`).',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'state'),
  examples: {
    match: [{ Bash: 'terraform state rm aws_s3_bucket.assets' }, { Bash: 'terraform state push -force old.tfstate' }, { Bash: 'terraform force-unlock 1d2e3f' }, { Bash: 'terraform workspace delete staging' }, { Bash: 'pulumi state delete urn:pulumi:prod::x' }, { Bash: 'pulumi stack rm dev' }],
    pass: [{ Bash: 'terraform state list' }, { Bash: 'terraform state show aws_s3_bucket.assets' }, { Bash: 'terraform workspace select staging' }, { Bash: 'pulumi stack ls' }],
  },
});

export const clusterDisruption = defineRule({
  id: 'cloud/cluster-disruption',
  verdict: 'ask',
  summary: 'Disrupts running workloads: kubectl drain, scale to 0, apply --prune, replace --force, NoExecute taints',
  why: 'These evict or remove running pods and can take a service down, or delete resources missing from the applied files.',
  fix: 'Confirm the cluster and workload with the user.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'cluster-disruption'),
  examples: {
    match: [{ Bash: 'kubectl drain node-1 --ignore-daemonsets' }, { Bash: 'kubectl scale deployment api --replicas=0' }, { Bash: 'kubectl apply --prune -l app=api -f k8s/' }, { Bash: 'kubectl replace --force -f pod.yaml' }, { Bash: 'kubectl taint nodes node-1 key=v:NoExecute' }],
    pass: [{ Bash: 'kubectl scale deployment api --replicas=3' }, { Bash: 'kubectl apply -f k8s/' }, { Bash: 'kubectl rollout status deployment/api' }],
  },
});

export const grantAdmin = defineRule({
  id: 'cloud/grant-admin',
  verdict: 'deny',
  summary: 'Grants administrator rights (AdministratorAccess, roles/owner, Owner, cluster-admin)',
  why: 'Admin rights on an account or cluster are the keys to everything in it, and the classic step of an escalation.',
  fix: 'Grant the narrow role the task needs, through the reviewed infrastructure code; admin grants are for the user.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'grant-admin'),
  examples: {
    match: [{ Bash: 'aws iam attach-user-policy --user-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess' }, { Bash: 'gcloud projects add-iam-policy-binding my-proj --member user:x@example.com --role roles/owner' }, { Bash: 'az role assignment create --assignee x@example.com --role Owner --scope /subscriptions/1' }, { Bash: 'kubectl create clusterrolebinding ops --clusterrole=cluster-admin --user=ops' }],
    pass: [{ Bash: 'aws iam attach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }, { Bash: 'gcloud projects add-iam-policy-binding my-proj --member user:x@example.com --role roles/viewer' }, { Bash: 'aws iam list-attached-user-policies --user-name ci' }],
  },
});

export const createCredentials = defineRule({
  id: 'cloud/create-credentials',
  verdict: 'ask',
  summary: 'Creates long-lived cloud credentials (access keys, service-account keys, login profiles, service principals)',
  why: 'A new key works from anywhere until someone revokes it, and it ends up in the transcript or a file.',
  fix: 'Use short-lived credentials (SSO, workload identity); let the user create keys if one is really needed.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'credentials'),
  examples: {
    match: [{ Bash: 'aws iam create-access-key --user-name ci' }, { Bash: 'gcloud iam service-accounts keys create key.json --iam-account ci@p.iam.gserviceaccount.com' }, { Bash: 'az ad sp create-for-rbac --name ci' }],
    pass: [{ Bash: 'aws iam list-access-keys --user-name ci' }, { Bash: 'gcloud iam service-accounts keys list --iam-account ci@p.iam.gserviceaccount.com' }],
  },
});

export const containerEscape = defineRule({
  id: 'cloud/container-host-access',
  verdict: 'deny',
  summary: 'Runs a container with the host\'s powers: --privileged, dangerous capabilities, host namespaces, or the root, system directories or docker socket mounted',
  why: 'Such a container is root on the host: it can read every file, load kernel modules or start more privileged containers.',
  fix: 'Mount only the project directory and drop the privileges; if the task needs more, the user should run it.',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'container-escape'),
  examples: {
    match: [{ Bash: 'docker run --privileged -it alpine sh' }, { Bash: 'docker run -v /:/host alpine chroot /host' }, { Bash: 'docker run -v /var/run/docker.sock:/var/run/docker.sock docker:cli ps' }, { Bash: 'docker run --pid=host --cap-add=SYS_ADMIN alpine nsenter -t 1 -m sh' }, { Bash: 'podman run --security-opt seccomp=unconfined alpine' }, { Bash: 'docker run --mount type=bind,source=/etc,target=/e alpine' }],
    pass: [{ Bash: 'docker run --rm -v "$PWD":/app -w /app node:20 npm test' }, { Bash: 'docker run -p 5432:5432 -v pgdata:/var/lib/postgresql/data postgres:16' }, { Bash: 'docker ps' }, { Bash: 'docker run --rm alpine echo --privileged' }],
  },
});

export const containerData = defineRule({
  id: 'cloud/container-data-loss',
  verdict: 'ask',
  summary: 'Removes container volumes or every container (volume rm/prune, system prune --volumes, compose down -v, rm -f $(docker ps -aq))',
  why: 'Volumes hold databases and uploads; removing every container stops other projects\' services too.',
  fix: 'Remove the specific container, or keep the volumes (`docker compose down` without -v).',
  on: ['cloud'],
  match: (a) => hasRisk(a, 'container-data'),
  examples: {
    match: [{ Bash: 'docker volume rm pgdata' }, { Bash: 'docker volume prune -af' }, { Bash: 'docker system prune -a --volumes' }, { Bash: 'docker compose down -v' }, { Bash: 'docker-compose down --volumes' }, { Bash: 'docker rm -f $(docker ps -aq)' }],
    pass: [{ Bash: 'docker compose down' }, { Bash: 'docker system prune -f' }, { Bash: 'docker rm -f api' }, { Bash: 'docker volume ls' }, { Bash: 'docker image prune -a' }],
  },
});

export const rules = [destroyEnvironment, deleteResource, infraApply, stateSurgery, clusterDisruption, grantAdmin, createCredentials, containerEscape, containerData];
