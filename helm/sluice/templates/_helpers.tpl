{{/* The release's full name, e.g. "sluice" or "<release>-sluice". */}}
{{- define "sluice.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object of the chart carries. */}}
{{- define "sluice.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: sluice
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sluice
{{- end -}}

{{/* The operator pods' selector: fixed once installed. */}}
{{- define "sluice.operator.selector" -}}
app.kubernetes.io/name: sluice
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "sluice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sluice.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
An image reference from {repository, tag, digest}: a digest wins, an empty tag is the appVersion.
Call with (list $image $root).
*/}}
{{- define "sluice.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $image.repository (default $root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The embedded broker's Service name and bootstrap address. */}}
{{- define "sluice.kafka.name" -}}
{{- printf "%s-kafka" (include "sluice.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sluice.kafka.bootstrapServers" -}}
{{- if .Values.kafka.embedded.enabled -}}
{{- printf "%s.%s.svc:9092" (include "sluice.kafka.name" .) .Release.Namespace -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required (or set kafka.embedded.enabled=true)" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* The namespaces the operator's RBAC covers: the watched ones, or none (cluster-wide). */}}
{{- define "sluice.namespaced" -}}
{{- if .Values.operator.watchNamespaces -}}true{{- end -}}
{{- end -}}

{{/* Restricted pod security (pod level), as the Kubernetes "restricted" Pod Security Standard asks. */}}
{{- define "sluice.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Restricted pod security (container level). */}}
{{- define "sluice.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The operator's ClusterRole rules: exactly those of operator/rbac/cluster-role.yaml. */}}
{{- define "sluice.operatorRules" -}}
{{- (.Files.Get "files/operator-cluster-role.yaml" | fromYaml).rules | toYaml -}}
{{- end -}}
