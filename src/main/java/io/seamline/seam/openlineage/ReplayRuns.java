package io.seamline.seam.openlineage;

import io.openlineage.client.OpenLineage;
import io.seamline.seam.model.ReplayJob;
import io.seamline.seam.model.ReplayObserver;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every replay of a read model as an OpenLineage run of the model's job, its run id the replay job's id: START when
 * it starts, then COMPLETE with the range of the topic it read (and the event store, when it was filled from there)
 * and the versions of the tables it swapped in, or FAIL with the error.
 */
@ApplicationScoped
class ReplayRuns implements ReplayObserver {

    private final LineageEmitter emitter;

    ReplayRuns(LineageEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void started(ReplayJob.Status job) {
        if (emitter.enabled()) {
            emitter.emit(emitter.event(OpenLineage.RunEvent.EventType.START, runId(job), job.model(), Instant.now(),
                    true, facets(job), List.of(), emitter.outputs(job.model(), false)));
        }
    }

    @Override
    public void ended(ReplayJob.Status job, Map<Integer, Long> fromOffsets, Map<Integer, Long> toOffsets) {
        if (!emitter.enabled()) {
            return;
        }
        boolean succeeded = job.outcome() == ReplayJob.Outcome.SUCCEEDED;
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        if ("EVENT_STORE".equals(job.details().get("source"))) {
            inputs.add(emitter.eventStore());
        }
        if (!toOffsets.isEmpty()) {
            inputs.add(emitter.topic(fromOffsets, toOffsets));
        }
        // a failed replay swapped nothing in: the live tables' versions are not what it produced
        emitter.emit(emitter.event(succeeded ? OpenLineage.RunEvent.EventType.COMPLETE
                        : OpenLineage.RunEvent.EventType.FAIL, runId(job), job.model(),
                job.finishedAt() == null ? Instant.now() : job.finishedAt(), true, facets(job), inputs,
                emitter.outputs(job.model(), succeeded)));
    }

    private OpenLineage.RunFacets facets(ReplayJob.Status job) {
        OpenLineage.DefaultRunFacet replay = new OpenLineage.DefaultRunFacet(LineageEmitter.PRODUCER);
        replay.getAdditionalProperties().put("job", job.id());
        replay.getAdditionalProperties().put("done", job.done());
        job.details().forEach(replay.getAdditionalProperties()::put);
        OpenLineage.RunFacetsBuilder facets = emitter.model().newRunFacetsBuilder().put("seamline_replay", replay);
        if (job.outcome() == ReplayJob.Outcome.FAILED) {
            facets.errorMessage(emitter.model().newErrorMessageRunFacet(String.valueOf(job.error()), "Java", null));
        }
        return facets.build();
    }

    /** The replay job's id, a UUID: the admin API's job and the lineage run are found by the same id. */
    private static UUID runId(ReplayJob.Status job) {
        return UUID.fromString(job.id());
    }
}
