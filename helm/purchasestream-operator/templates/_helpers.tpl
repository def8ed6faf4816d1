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
- apiGroups: [""]
  resources: ["secrets"]
  # Only to tell a user which referenced Secret is missing.
  verbs: ["get"]
- apiGroups: [""]
  resources: ["pods"]
  # Only to explain pods that cannot start (image pull, crash loop, config error).
  verbs: ["list"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
