package io.seamline.seam.contract;

import io.quarkus.runtime.StartupEvent;
import io.seamline.platform.StartupFailure;
import io.seamline.seam.model.ReadModel;
import io.seamline.seam.model.ReadModels;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every seam's contract, loaded and validated at start-up from the contract files: {@code eventstore/contract.yaml}
 * (command → event store → Kafka) and each read model's ({@link ReadModel#contractFile}, by convention
 * {@code projections/<read model>/contract.yaml}). The build puts them on the class path; {@code seamline.contracts.dir}
 * points at a directory with the same layout instead. A malformed contract stops start-up with a message naming the
 * file and the field.
 */
@ApplicationScoped
public class SeamContracts {

    /** The write side's contract, relative to the repository root (and the class path). */
    public static final String EVENT_STORE = "eventstore/contract.yaml";

    private final ReadModels models;
    private final ContractsConfig config;
    private volatile List<SeamContract> all;

    SeamContracts(ReadModels models, ContractsConfig config) {
        this.models = models;
        this.config = config;
    }

    /** Loads before anything consumes the log, so no seam runs without its contract. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        try {
            List<String> files = files();
            all = config.dir().map(d -> load(Path.of(d), files)).orElseGet(() -> loadFromClassPath(files));
        } catch (MalformedContractException e) {
            throw new StartupFailure("a seam contract is malformed: " + e.getMessage());
        }
    }

    /** The contract files of the application: the event store's, then every read model's. */
    public List<String> files() {
        List<String> files = new ArrayList<>(List.of(EVENT_STORE));
        files.addAll(models.contractFiles());
        return files;
    }

    public List<SeamContract> all() {
        if (all == null) {
            onStart(null);
        }
        return all;
    }

    /** The seams whose freshness is {@code consumer}'s lag. */
    public List<SeamContract> ofConsumer(String consumer) {
        return all().stream().filter(c -> consumer.equals(c.consumer())).toList();
    }

    public Optional<SeamContract> seam(String id) {
        return all().stream().filter(c -> c.seam().equals(id)).findFirst();
    }

    /** Every contract under {@code root} (a repository checkout or a copy of its contract files): {@link #filesIn}. */
    public static List<SeamContract> load(Path root) {
        try {
            return load(root, filesIn(root));
        } catch (IOException e) {
            throw new MalformedContractException("cannot list the contract files under " + root + ": " + e.getMessage());
        }
    }

    /** The contracts {@code files} under {@code root}. */
    public static List<SeamContract> load(Path root, List<String> files) {
        List<SeamContract> seams = new ArrayList<>();
        for (String file : files) {
            Path path = root.resolve(file);
            try {
                seams.addAll(ContractReader.read(file, Files.readString(path)));
            } catch (IOException e) {
                throw new MalformedContractException(file + ": cannot be read from " + root + ": " + e.getMessage());
            }
        }
        return checked(seams);
    }

    static List<SeamContract> loadFromClassPath(List<String> files) {
        List<SeamContract> seams = new ArrayList<>();
        for (String file : files) {
            try (InputStream in = SeamContracts.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new MalformedContractException(file + ": not on the class path");
                }
                seams.addAll(ContractReader.read(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(file, e);
            }
        }
        return checked(seams);
    }

    /** The contract files a checkout holds: the event store's and {@code projections/<read model>/contract.yaml}. */
    public static List<String> filesIn(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        if (Files.exists(root.resolve(EVENT_STORE))) {
            files.add(EVENT_STORE);
        }
        try (Stream<Path> models = Files.list(root.resolve("projections"))) {
            models.sorted().map(m -> m.resolve("contract.yaml")).filter(Files::exists)
                    .forEach(f -> files.add(root.relativize(f).toString()));
        }
        return files;
    }

    private static List<SeamContract> checked(List<SeamContract> seams) {
        Set<String> ids = new HashSet<>();
        for (SeamContract seam : seams) {
            if (!ids.add(seam.seam())) {
                throw new MalformedContractException(seam.file() + ": seam '" + seam.seam() + "' is declared twice");
            }
        }
        return List.copyOf(seams);
    }
}
