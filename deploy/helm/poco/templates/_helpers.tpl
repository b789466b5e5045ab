{{/*
Named templates. HelmChartTest renders this chart without helm, with a renderer that knows only the constructs
used here and in the other templates (values, variables, include, if/else, with, printf, default, quote, required,
fail, eq, not, and, or, contains, join, toYaml, nindent, trunc, trimSuffix); keep to them, or teach the renderer first.
*/}}

{{/* "<release>-poco", or the release's name alone when it has "poco" in it (helm install poco …: poco-server) */}}
{{- define "poco.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{ .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains .Chart.Name .Release.Name -}}
{{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else -}}
{{ printf "%s-poco" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end -}}
{{- end -}}

{{/* app.kubernetes.io/name is the chart's name, "poco": the runner finds its own pods by it */}}
{{- define "poco.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "poco.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "poco.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "poco.secretName" -}}
{{ .Values.secrets.existingSecret | default (include "poco.fullname" .) }}
{{- end -}}

{{- define "poco.databaseSecretName" -}}
{{ .Values.database.existingSecret | default (printf "%s-db" (include "poco.fullname" .)) }}
{{- end -}}

{{- define "poco.serverUrl" -}}
{{ printf "http://%s-server:%v" (include "poco.fullname" .) .Values.service.port }}
{{- end -}}

{{/* The same restricted container settings for every container of the chart (the bubblewrap runner widens seccomp
and AppArmor at pod level, nothing here). */}}
{{- define "poco.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* The image runs as root by default (it has no USER); the chart runs it as this unprivileged uid. */}}
{{- define "poco.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
{{- end -}}

{{/*
Runners with the kubernetes driver run as the sandbox pods' user (uid and gid 1000, the driver's default): both write
the same workspace claim, so both must own its files.
*/}}
{{- define "poco.k8sRunnerPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
{{- end -}}

{{/* Settings servers and runners share: where state goes (an emptyDir), the model key, storage, extraEnv. */}}
{{- define "poco.commonEnv" -}}
- name: POCO_HOME
  value: /var/lib/poco
- name: HOME
  value: /var/lib/poco
- name: ANTHROPIC_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "poco.secretName" . }}
      key: anthropic-api-key
      optional: true
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
