{{- define "pso.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "pso.labels" -}}
app.kubernetes.io/name: purchasestream-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* One registry and one version for both images (see values.yaml: image). */}}
{{- define "pso.image" -}}
{{- printf "%s/%s:%s" .Values.image.registry .name (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "pso.selector" -}}
app.kubernetes.io/name: purchasestream-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The rules the operator needs on the objects it manages, in one place. */}}
{{- /*
The operator's permissions, no more: OperatorOnClusterTest runs the operator with exactly these
rules on a real API server and fails on any rule it never used (or any request they refuse).
Objects are read through watches (list, watch), written with create and update; the garbage
collector deletes them through their owner references (the operator deletes only a Deployment
whose stream's topic it is about to delete).
*/ -}}
{{- define "pso.rules" -}}
- apiGroups: ["streams.letspulsar.io"]
  resources: ["purchasestreams"]
  # patch: the finalizer; get: re-read after a conflicting finalizer patch (JOSDK).
  verbs: ["list", "watch", "get", "patch"]
- apiGroups: ["streams.letspulsar.io"]
  resources: ["purchasestreams/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  # delete: with deletionPolicy Delete the workload stops before its topic is deleted.
  verbs: ["list", "watch", "create", "update", "delete"]
{{- if .Values.networkPolicy.workloads }}
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "update"]
{{- end }}
- apiGroups: [""]
  resources: ["pods"]
  # Only to explain pods that cannot start (image pull, crash loop, config error).
  verbs: ["list"]
- apiGroups: [""]
  resources: ["events"]
  # list: the kubelet's FailedMount events say which Secret a pod cannot mount (the operator
  # reads no Secret of a stream's namespace).
  verbs: ["create", "list"]
{{- end -}}

{{- /*
In the operator's own namespace only: the PulsarConnections and the Secrets they name (the
operator's credentials for other Pulsar clusters).
*/ -}}
{{- define "pso.connectionRules" -}}
- apiGroups: ["streams.letspulsar.io"]
  resources: ["pulsarconnections"]
  verbs: ["list", "watch"]
- apiGroups: ["streams.letspulsar.io"]
  resources: ["pulsarconnections/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
{{- end -}}

{{/* The rules for the operator's own Pulsar as PULSAR_TENANCY spells them. */}}
{{- define "pso.tenancy" -}}
{{- $rules := list -}}
{{- range .Values.pulsar.tenancy -}}
{{- $rules = append $rules (printf "%s=%s" (join "," .namespaces) (join "," .pulsarNamespaces)) -}}
{{- end -}}
{{- join ";" $rules -}}
{{- end -}}
