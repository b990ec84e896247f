import { describe, expect, it } from 'vitest';
import { label, packTable, type Case } from './table.js';

const t = packTable('cloud');
const DESTROY = ['cloud/destroy-environment'];
const DELETE = ['cloud/delete-resource'];

const CASES: Case[] = [
  ['kubectl get pods', []],
  ['kubectl get all -A', []],
  ['kubectl describe node n1', []],
  ['kubectl apply -f deploy.yaml', []],
  ['kubectl rollout undo deployment/api', []],
  ['kubectl config use-context prod', []],
  ['helm list -A', []],
  ['terraform init -upgrade', []],
  ['terraform plan -var-file=prod.tfvars', []],
  ['terraform state pull', []],
  ['pulumi stack select prod', []],
  ['aws s3 cp a.txt s3://bucket/a.txt', []],
  ['aws ec2 describe-instances --profile prod', []],
  ['aws iam get-user', []],
  ['gcloud container clusters get-credentials main', []],
  ['gcloud run services list', []],
  ['az account show', []],
  ['docker ps -a', []],
  ['docker rm api', []],
  ['docker rm $(docker ps -aq -f status=exited)', []],
  ['docker system df', []],
  ['docker compose up --build', []],
  ['docker run --rm -v "$(pwd)":/src -w /src golang:1.22 go test ./...', []],
  ['docker run --network host nginx', []],
  ['echo "terraform destroy"', []],
  ['git log --grep "kubectl delete"', []],
  ['terraform destroy -target=aws_instance.web', DESTROY],
  ['tofu apply -destroy -auto-approve', DESTROY],
  ['pulumi destroy -s dev', DESTROY],
  ['kubectl delete namespaces staging', DESTROY],
  ['kubectl delete pods --all -A', DESTROY],
  ['aws organizations close-account --account-id 123', DESTROY],
  ['aws dynamodb delete-table --table-name orders', DESTROY],
  ['aws kms schedule-key-deletion --key-id k --pending-window-in-days 7', DESTROY],
  ['gcloud sql instances delete shop-db', DESTROY],
  ['gcloud storage rm --recursive gs://assets', DESTROY],
  ['gsutil -m rm -r gs://assets/', DESTROY],
  ['az aks delete -g rg -n main', DESTROY],
  ['doctl databases delete 1234', DESTROY],
  ['kubectl delete deployment api', DELETE],
  ['kubectl delete pvc data-db-0', DELETE],
  ['helm delete api', DELETE],
  ['aws rds delete-db-instance --db-instance-identifier shop --final-db-snapshot-identifier final', DELETE],
  ['aws s3 rm s3://bucket/logs/ --recursive', DELETE],
  ['gcloud functions delete resize', DELETE],
  ['az storage blob delete --account-name a -c c -n x', DELETE],
  ['terraform apply', ['cloud/infra-apply']],
  ['terragrunt apply --auto-approve', ['cloud/infra-apply']],
  ['terraform state mv a.b a.c', ['cloud/state-surgery']],
  ['terraform taint aws_instance.web', ['cloud/state-surgery']],
  ['kubectl cordon node-1', []],
  ['kubectl scale statefulset db --replicas 0', ['cloud/cluster-disruption']],
  ['aws iam put-user-policy --user-name x --policy-name p --policy-document \'{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}\'', ['cloud/grant-admin']],
  ['gcloud organizations add-iam-policy-binding 1 --member user:x --role roles/resourcemanager.organizationAdmin', ['cloud/grant-admin']],
  ['aws iam create-login-profile --user-name x --password p', ['cloud/create-credentials']],
  ['docker run --cap-add ALL alpine', ['cloud/container-host-access']],
  ['docker run -v /etc:/host-etc:ro alpine cat /host-etc/shadow', ['cloud/container-host-access']],
  ['docker run --userns=host --device /dev/sda alpine', ['cloud/container-host-access']],
  ['docker kill $(docker ps -q)', ['cloud/container-data-loss']],
  ['podman volume rm -a', ['cloud/container-data-loss']],
];

describe('cloud pack edge cases', () => {
  it.each(CASES.map(([i, e]) => [label(i), i, e] as const))('%s', (_l, input, expected) => {
    expect(t.fired(input)).toEqual([...expected].sort());
  });
});
