package io.seamline.bench;

/** What every phase runs against: the settings, this run's id, the servers, the service and its command API. */
record Harness(BenchConfig cfg, String run, BenchDatabase db, BenchKafka kafka, CpuMeter cpu,
               ServiceLauncher services, CommandApi api) {

    /** The machine's CPU counters now, the running service's apart (none between services). */
    CpuMeter.Snapshot cpuNow() {
        ServiceProcess service = services.current();
        return cpu.snapshot(service == null ? -1 : service.pid());
    }
}
