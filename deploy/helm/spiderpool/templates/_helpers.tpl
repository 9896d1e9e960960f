{{/* The app.kubernetes.io/name of every object. */}}
{{- define "spiderpool.name" -}}
{{- default "spiderpool" .Values.global.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "spiderpool.agentName" -}}
{{- .Values.spiderpoolAgent.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "spiderpool.controllerName" -}}
{{- .Values.spiderpoolController.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries, plus global.commonLabels. */}}
{{- define "spiderpool.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- with .Values.global.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "spiderpool.agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "spiderpool.name" . }}
app.kubernetes.io/component: {{ include "spiderpool.agentName" . }}
{{- end -}}

{{- define "spiderpool.controller.selectorLabels" -}}
app.kubernetes.io/name: {{ include "spiderpool.name" . }}
app.kubernetes.io/component: {{ include "spiderpool.controllerName" . }}
{{- end -}}

{{- define "spiderpool.agent.labels" -}}
{{ include "spiderpool.agent.selectorLabels" . }}
{{ include "spiderpool.commonLabels" . }}
{{- end -}}

{{- define "spiderpool.controller.labels" -}}
{{ include "spiderpool.controller.selectorLabels" . }}
{{ include "spiderpool.commonLabels" . }}
{{- end -}}

{{/* metadata.annotations from global.commonAnnotations and one more map (may be empty). */}}
{{- define "spiderpool.annotations" -}}
{{- $all := merge (dict) (.extra | default dict) (.root.Values.global.commonAnnotations | default dict) -}}
{{- if $all }}
annotations:
  {{- toYaml $all | nindent 2 }}
{{- end }}
{{- end -}}

{{/* An image reference: registry (or global.imageRegistryOverride)/repository, then @digest or :tag (default appVersion). */}}
{{- define "spiderpool.image" -}}
{{- $registry := default .image.registry .root.Values.global.imageRegistryOverride -}}
{{- if .image.digest -}}
{{- printf "%s/%s@%s" $registry .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The probe host: the loopback of a family the node has. */}}
{{- define "spiderpool.probeHost" -}}
{{- .Values.ipam.enableIPv4 | ternary "127.0.0.1" "::1" -}}
{{- end -}}

{{/* Whether the controller keeps its own certificate (tls.method auto). */}}
{{- define "spiderpool.tlsAuto" -}}
{{- if eq .Values.spiderpoolController.tls.method "auto" }}true{{ end -}}
{{- end -}}

{{/* Stops rendering when tls.method is not one of the three. */}}
{{- define "spiderpool.checkTls" -}}
{{- $m := .Values.spiderpoolController.tls.method -}}
{{- if not (has $m (list "auto" "provided" "certmanager")) -}}
{{- fail (printf "spiderpoolController.tls.method is %q; use auto, provided or certmanager" $m) -}}
{{- end -}}
{{- end -}}
