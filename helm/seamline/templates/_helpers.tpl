{{/* Chart name, overridable. */}}
{{- define "seamline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: release-name, unless the release name already contains the chart name. */}}
{{- define "seamline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "seamline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "seamline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "seamline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "seamline.labels" -}}
helm.sh/chart: {{ include "seamline.chart" . }}
{{ include "seamline.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "seamline.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* DuckDB's share of the memory budget in MiB: statements at once x each one's memory_limit. */}}
{{- define "seamline.duckdbMiB" -}}
{{- mul (int .Values.warehouseSql.maxConcurrent) (int .Values.warehouseSql.memoryLimitMiB) }}
{{- end }}

{{/* The container's memory in MiB: every budget of values.memory plus DuckDB's (values.yaml shows the sum). */}}
{{- define "seamline.memoryMiB" -}}
{{- $m := .Values.memory }}
{{- add (int $m.heapMiB) (int $m.directMemoryMiB) (int $m.metaspaceMiB) (int $m.codeCacheMiB) (int $m.threadStacksMiB) (int $m.gcMiB) (int $m.arrowMiB) (int $m.onnxMiB) (int $m.otherNativeMiB) (include "seamline.duckdbMiB" . | int) }}
{{- end }}

{{/* The JVM flags: what the stack needs (README, Configuration), then the memory budgets that have a flag. */}}
{{- define "seamline.jvmOptions" -}}
{{- $m := .Values.memory -}}
--add-modules jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
{{- printf " -Ddisable-axoniq-console-message=true -Djava.io.tmpdir=/tmp" }}
{{- printf " -XX:+UseG1GC -Xmx%dm -XX:MaxDirectMemorySize=%dm -XX:MaxMetaspaceSize=%dm -XX:ReservedCodeCacheSize=%dm" (int $m.heapMiB) (int $m.directMemoryMiB) (int $m.metaspaceMiB) (int $m.codeCacheMiB) }}
{{- printf " -XX:+ExitOnOutOfMemoryError -XX:NativeMemoryTracking=%s" .Values.jvm.nativeMemoryTracking }}
{{- with .Values.jvm.extraOptions }} {{ . }}{{ end }}
{{- end }}

{{/* Where the Kafka truststore Secret is mounted. */}}
{{- define "seamline.kafkaTruststoreDir" -}}
/etc/seamline/kafka-truststore
{{- end }}
