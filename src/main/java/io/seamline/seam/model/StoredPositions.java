package io.seamline.seam.model;

import io.seamline.seam.consume.ConsumerGroups;
import io.seamline.seam.log.TopicEnds;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Where the consumer of each read model resumes, per partition, as the model stores it: with its data (an index
 * commit, a manifest) or in its group's committed offsets, whichever it resumes from. What a consumer's position is
 * before its runner has reported one (right after a start, while its group forms).
 */
@ApplicationScoped
public class StoredPositions {

    private static final Logger LOG = Logger.getLogger(StoredPositions.class);

    private final ReadModels models;
    private final TopicEnds topicEnds;
    private final ConsumerGroups groups;

    StoredPositions(ReadModels models, TopicEnds topicEnds, ConsumerGroups groups) {
        this.models = models;
        this.topicEnds = topicEnds;
        this.groups = groups;
    }

    /**
     * The next offset per partition that the consumer of group {@code group} resumes from; a partition it stored
     * nothing for is absent (it starts there from the beginning). A group no model has is taken at its committed
     * offsets.
     */
    public Map<Integer, Long> nextOffsets(String group) {
        ReadModel model = model(group);
        boolean withItsData = model != null && model.positionStore() == ReadModel.PositionStore.WITH_ITS_DATA;
        if (withItsData) {
            try {
                return model.storedOffsets();
            } catch (RuntimeException closed) {
                // its store is closed (stopped, or between a swap's steps): the group's committed copy is next best
                LOG.debugf("read model %s has no stored position at hand: %s", model.name(), closed);
            }
        }
        return topicEnds.committedOffsets(withItsData ? groups.perReplica(group) : groups.shared(group));
    }

    /**
     * Where the group that every replica shares committed each partition, for consumer {@code group} of a model whose
     * store they share, when this is one of several replicas ({@code seamline.replica.id} set): the partitions the
     * other replicas hold move on there, not in this process. Empty for a single instance and for a model every
     * replica keeps itself.
     */
    public Map<Integer, Long> sharedProgress(String group) {
        ReadModel model = model(group);
        if (groups.replica().isEmpty() || model == null
                || model.positionStore() != ReadModel.PositionStore.GROUP_OFFSETS) {
            return Map.of();
        }
        return topicEnds.committedOffsets(groups.shared(group));
    }

    private ReadModel model(String group) {
        return models.all().stream().filter(m -> m.group().equals(group)).findFirst().orElse(null);
    }
}
