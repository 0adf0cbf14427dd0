package io.seamline.projection.vector;

import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.util.Bits;

import java.io.IOException;

/**
 * The graph as a walk sees it, entered at a node of our choosing ({@link GraphEntries}) instead of the graph's one
 * entry: jvector's searcher starts at its view's entry node and offers no other way to pick one.
 */
final class WalkFrom implements ImmutableGraphIndex.View {

    private final ImmutableGraphIndex.View view;
    private final ImmutableGraphIndex.NodeAtLevel entry;

    private WalkFrom(ImmutableGraphIndex.View view, int entry) {
        this.view = view;
        this.entry = new ImmutableGraphIndex.NodeAtLevel(0, entry);
    }

    /** A searcher whose walks start at {@code entry}; close it after the search. */
    static GraphSearcher searcher(ImmutableGraphIndex graph, int entry) {
        return new GraphSearcher(new WalkFrom(graph.getView(), entry)) { };
    }

    @Override
    public NodesIterator getNeighborsIterator(int level, int node) {
        return view.getNeighborsIterator(level, node);
    }

    @Override
    public void processNeighbors(int level, int node, ScoreFunction scoreFunction,
                                 ImmutableGraphIndex.IntMarker visited,
                                 ImmutableGraphIndex.NeighborProcessor processor) {
        view.processNeighbors(level, node, scoreFunction, visited, processor);
    }

    @Override
    public int size() {
        return view.size();
    }

    @Override
    public ImmutableGraphIndex.NodeAtLevel entryNode() {
        return entry;
    }

    @Override
    public Bits liveNodes() {
        return view.liveNodes();
    }

    @Override
    public int getIdUpperBound() {
        return view.getIdUpperBound();
    }

    @Override
    public boolean contains(int level, int node) {
        return view.contains(level, node);
    }

    @Override
    public void close() throws IOException {
        view.close();
    }
}
