/**
 * The Kubernetes objects of one process (deploy/k8s/base, and the stand-ins in the dev overlay):
 * Deployment, Service, and for the gateway and subgraphs a HorizontalPodAutoscaler; a
 * PodDisruptionBudget and an ingress NetworkPolicy for each. Settings come from the
 * `district-settings` ConfigMap, secrets by key from the `district-secrets` Secret, which no file
 * here holds (the dev overlay has a sample with placeholders).
 */
import { APP, IMAGE, PRE_STOP_SECONDS, TERMINATION_GRACE_SECONDS, type Deployable } from './model.ts';

export const SETTINGS = 'district-settings';
export const SECRETS = 'district-secrets';
/** The namespace a Prometheus scraping /metrics runs in (label kubernetes.io/metadata.name). */
export const MONITORING_NAMESPACE = 'monitoring';

const labelsOf = (d: Deployable) => ({ 'app.kubernetes.io/name': d.name, 'app.kubernetes.io/component': d.kind, 'app.kubernetes.io/part-of': APP });
const selectorOf = (d: Deployable) => ({ 'app.kubernetes.io/name': d.name, 'app.kubernetes.io/part-of': APP });
export const objectName = (name: string) => `district-${name}`;
const portName = (d: Deployable, i: number) => (d.parts.length === 1 ? 'http' : `http-${d.parts[i].name}`.slice(0, 15));

function deployment(d: Deployable) {
  const probe = (path: string, extra: Record<string, number>) => ({ httpGet: { path, port: portName(d, 0) }, timeoutSeconds: 3, ...extra });
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: objectName(d.name), labels: labelsOf(d) },
    spec: {
      // The autoscaler owns the count of the gateway and subgraphs; the stand-ins keep state (their faults): one.
      ...(d.autoscaled ? {} : { replicas: d.kind === 'backend' ? 1 : 2 }),
      selector: { matchLabels: selectorOf(d) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labelsOf(d), annotations: { 'prometheus.io/scrape': String(d.kind !== 'backend'), 'prometheus.io/port': String(d.parts[0].defaultPort), 'prometheus.io/path': '/metrics' } },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: d.name,
            image: IMAGE,
            imagePullPolicy: 'IfNotPresent',
            args: ['node', 'dist/scripts/part.js', d.name],
            ports: d.parts.map((p, i) => ({ name: portName(d, i), containerPort: p.defaultPort, protocol: 'TCP' })),
            envFrom: [{ configMapRef: { name: SETTINGS } }],
            env: [{ name: 'PART', value: d.name }, ...Object.entries(d.env).map(([name, value]) => ({ name, value })), ...d.secrets.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: SECRETS, key } } }))],
            resources: d.resources,
            startupProbe: probe(d.live, { periodSeconds: 5, failureThreshold: 36 }),
            livenessProbe: probe(d.live, { periodSeconds: 10, failureThreshold: 3 }),
            readinessProbe: probe(d.ready, { periodSeconds: 5, failureThreshold: 2 }),
            // Endpoints drop the pod before SIGTERM, so no new request is sent to a draining instance.
            lifecycle: { preStop: { exec: { command: ['node', '-e', `setTimeout(() => {}, ${PRE_STOP_SECONDS * 1000})`] } } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
          }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function service(d: Deployable) {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: objectName(d.name), labels: labelsOf(d) },
    spec: { selector: selectorOf(d), ports: d.parts.map((p, i) => ({ name: portName(d, i), port: p.defaultPort, targetPort: portName(d, i), protocol: 'TCP' })) },
  };
}

function autoscaler(d: Deployable) {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    metadata: { name: objectName(d.name), labels: labelsOf(d) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(d.name) },
      minReplicas: 2, maxReplicas: d.kind === 'gateway' ? 20 : 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      // Scale down slowly: an instance that leaves drains its requests first.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
  };
}

function disruptionBudget(d: Deployable) {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: { name: objectName(d.name), labels: labelsOf(d) },
    spec: { minAvailable: 1, selector: { matchLabels: selectorOf(d) } },
  };
}

/** Ingress to the process: its callers on its ports, and Prometheus from the monitoring namespace. */
function networkPolicy(d: Deployable) {
  const ports = d.parts.map((p) => ({ port: p.defaultPort, protocol: 'TCP' }));
  const from = d.callers === '*' ? [] : [{ podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: d.callers }], matchLabels: { 'app.kubernetes.io/part-of': APP } } }];
  const callers = d.callers === '*' ? [{ ports }] : d.callers.length ? [{ from, ports }] : [];
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: { name: objectName(d.name), labels: labelsOf(d) },
    spec: {
      podSelector: { matchLabels: selectorOf(d) },
      policyTypes: ['Ingress'],
      ingress: [...callers, { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }], ports }],
    },
  };
}

/** Every object of one process. */
export function objectsOf(d: Deployable): object[] {
  // A budget on the stand-ins' single replica would block every node drain.
  return [deployment(d), service(d), ...(d.autoscaled ? [autoscaler(d)] : []), ...(d.kind === 'backend' ? [] : [disruptionBudget(d)]), networkPolicy(d)];
}

/** Nothing reaches a pod of the app unless a policy above lets it. */
export const DEFAULT_DENY = {
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
  metadata: { name: 'district-default-deny-ingress', labels: { 'app.kubernetes.io/part-of': APP } },
  spec: { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': APP } }, policyTypes: ['Ingress'] },
};
