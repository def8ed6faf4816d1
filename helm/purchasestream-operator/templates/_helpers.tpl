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

{{- define "pso.selector" -}}
app.kubernetes.io/name: purchasestream-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The rules the operator needs on the objects it manages, in one place. */}}
{{- define "pso.rules" -}}
- apiGroups: ["streams.letspulsar.io"]
  resources: ["purchasestreams"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["streams.letspulsar.io"]
  resources: ["purchasestreams/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["streams.letspulsar.io"]
  resources: ["purchasestreams/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
