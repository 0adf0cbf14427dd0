import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds and inspects Seamline's OCI image with nothing but a JDK (run as a source file: {@code java ImageTool.java
 * <command> …}); no container daemon, no registry. Commands:
 * <ul>
 *   <li>{@code strip <dir>}: rewrites every jar under {@code dir} without the native libraries of other platforms
 *       than linux-x86_64 (glibc) and prints what each jar lost;</li>
 *   <li>{@code natives <dir> <out>}: copies the linux-x86_64 native libraries inside the jars under {@code dir} to
 *       {@code out}, so that {@code ldd} can name the shared libraries they need;</li>
 *   <li>{@code pack <rootfs> <archive> [options]}: packs {@code rootfs} as an OCI image layout in a tar archive (one
 *       gzip layer per {@code --layer name=path,path}, files owned by root unless under an {@code --owned path},
 *       fixed timestamps so the same inputs give the same digests);</li>
 *   <li>{@code inspect <layout-dir>}: checks every blob of an unpacked archive against its digest and size, each
 *       layer's uncompressed digest against the config's diff_ids, and prints {@code layer}, {@code user},
 *       {@code env}, {@code entrypoint} and {@code label} lines for a shell to read;</li>
 *   <li>{@code verify <root>}: fails when the unpacked root holds a native library for another platform (a file or a
 *       jar entry), a build tool (javac, jlink, …), a package manager or a shell;</li>
 *   <li>{@code free-ports <n>}: prints n free TCP ports on 127.0.0.1.</li>
 * </ul>
 */
public final class ImageTool {

    /** Path words naming an operating system, C library or architecture other than glibc linux-x86_64. */
    private static final Set<String> FOREIGN_WORDS = Set.of("win", "win32", "win64", "windows", "darwin", "mac",
            "macos", "osx", "aix", "freebsd", "openbsd", "netbsd", "sunos", "solaris", "android", "musl",
            "aarch64", "aarch", "arm", "arm64", "armel", "armhf", "armv6", "armv7", "i386", "i686", "x86", "ppc",
            "ppc64", "ppc64le", "s390x", "riscv64", "loongarch64", "mips64", "mips64el", "sparc", "sparcv9", "dsym");
    /** File name endings of native libraries (and of their debug symbols) on any platform. */
    private static final Set<String> NATIVE_SUFFIXES = Set.of(".so", ".dylib", ".dll", ".jnilib", ".a", ".pdb");
    private static final Set<String> FORBIDDEN_TOOLS = Set.of("javac", "jlink", "jmod", "jar", "jarsigner",
            "jdeps", "jshell", "jpackage", "native-image", "gcc", "cc", "ld", "make", "mvn", "apt", "apt-get",
            "dpkg", "rpm", "microdnf", "yum", "apk", "pip", "npm", "sh", "bash", "dash", "ash", "zsh", "busybox");
    private static final long EPOCH_DEFAULT = 0L;

    private ImageTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "strip" -> strip(Path.of(rest[0]));
            case "natives" -> natives(Path.of(rest[0]), Path.of(rest[1]));
            case "pack" -> pack(rest);
            case "inspect" -> inspect(Path.of(rest[0]));
            case "verify" -> verify(Path.of(rest[0]));
            case "free-ports" -> freePorts(Integer.parseInt(rest[0]));
            default -> throw usage();
        }
    }

    private static IllegalArgumentException usage() {
        return new IllegalArgumentException("usage: ImageTool strip|natives|pack|inspect|verify|free-ports …");
    }

    // ---- native libraries ------------------------------------------------------------------------------------

    /** Whether a jar entry or file name looks like a native library (DuckDB names its own libduckdb_java.so_linux_amd64). */
    static boolean looksNative(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith("/")) {
            return false;
        }
        if (lower.contains(".dsym/") || lower.contains(".so_") || lower.matches(".*\\.so(\\.[0-9]+)+$")) {
            return true;
        }
        return NATIVE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** Whether the path names another platform than glibc linux-x86_64 (x86_64, x86-64, amd64 and x64 do not). */
    static boolean namesForeignPlatform(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replace("x86_64", "x64").replace("x86-64", "x64");
        for (String word : lower.split("[/_.\\-]+")) {
            if (FOREIGN_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** An ELF shared object for x86-64 with the System V or GNU/Linux ABI (not FreeBSD, Solaris, …). */
    static boolean isLinuxX64Elf(byte[] head) {
        if (head.length < 20 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
            return false;
        }
        int machine = (head[18] & 0xff) | (head[19] & 0xff) << 8;
        return head[4] == 2 && head[5] == 1 && (head[7] == 0 || head[7] == 3) && machine == 62;
    }

    static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** A native entry the linux-x86_64 image keeps: an x86-64 Linux ELF whose path names no other platform. */
    static boolean keep(String name, byte[] head) {
        return isLinuxX64Elf(head) && !namesForeignPlatform(name);
    }

    private static byte[] head(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readNBytes(64);
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static void strip(Path dir) throws IOException {
        long before = 0;
        long after = 0;
        for (Path jar : jars(dir)) {
            List<String> dropped = new ArrayList<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (looksNative(entry.getName()) && !keep(entry.getName(), head(zip, entry))) {
                        dropped.add(entry.getName());
                    }
                }
            }
            if (dropped.isEmpty()) {
                continue;
            }
            long size = Files.size(jar);
            // The zip file system copies the entries that stay as they are (no inflating and deflating again).
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                for (String name : dropped) {
                    Files.delete(zip.getPath(name));
                }
            }
            long stripped = Files.size(jar);
            before += size;
            after += stripped;
            System.out.printf("  %-70s %6.1f MB -> %6.1f MB (%d native files of other platforms removed)%n",
                    jar.getFileName(), mb(size), mb(stripped), dropped.size());
        }
        System.out.printf("  stripped jars: %.1f MB -> %.1f MB, %.1f MB saved%n", mb(before), mb(after), mb(before - after));
    }

    private static void natives(Path dir, Path out) throws IOException {
        Files.createDirectories(out);
        for (Path jar : jars(dir)) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    if (looksNative(entry.getName()) && keep(entry.getName(), head(zip, entry))) {
                        String name = entry.getName();
                        Path target = out.resolve(jar.getFileName() + "!" + name.substring(name.lastIndexOf('/') + 1));
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
    }

    private static void verify(Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        int elfFiles = 0;
        int nativeEntries = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.sorted().toList();
        }
        for (Path file : files) {
            String rel = root.relativize(file).toString();
            if (FORBIDDEN_TOOLS.contains(file.getFileName() == null ? "" : file.getFileName().toString())) {
                problems.add("a build tool, package manager or shell: /" + rel);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(64);
            }
            if (isElf(head)) {
                elfFiles++;
                if (!isLinuxX64Elf(head)) {
                    problems.add("an ELF file not for linux-x86_64: /" + rel);
                }
            } else if (looksNative(rel)) {
                problems.add("a native library that is not a linux-x86_64 ELF file: /" + rel);
            }
            if (rel.endsWith(".jar")) {
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    for (ZipEntry entry : zip.stream().toList()) {
                        if (looksNative(entry.getName())) {
                            nativeEntries++;
                            if (!keep(entry.getName(), head(zip, entry))) {
                                problems.add("a native library of another platform: /" + rel + "!/" + entry.getName());
                            }
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("image-check: " + p));
            System.exit(1);
        }
        System.out.printf("verified %d files: %d ELF files and %d native jar entries, all linux-x86_64;"
                + " no build tool, package manager or shell%n", files.size(), elfFiles, nativeEntries);
    }

    private static void freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                System.out.println(socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    // ---- packing -----------------------------------------------------------------------------------------------

    private static void pack(String[] args) throws IOException {
        Path rootfs = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        Map<String, List<String>> layers = new LinkedHashMap<>();
        List<String> owned = new ArrayList<>();
        String owner = "0:0";
        Map<String, String> config = new LinkedHashMap<>();
        List<String> env = new ArrayList<>();
        List<String> entrypoint = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        Map<String, String> labels = new TreeMap<>();
        long epoch = EPOCH_DEFAULT;
        for (int i = 2; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--layer" -> layers.put(value.substring(0, value.indexOf('=')),
                        List.of(value.substring(value.indexOf('=') + 1).split(",")));
                case "--owner" -> owner = value;
                case "--owned" -> owned.add(value);
                case "--env" -> env.add(value);
                case "--entrypoint" -> entrypoint.add(value);
                case "--port" -> ports.add(value);
                case "--label" -> labels.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                case "--workdir" -> config.put("WorkingDir", value);
                case "--epoch" -> epoch = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int uid = Integer.parseInt(owner.split(":")[0]);
        int gid = Integer.parseInt(owner.split(":")[1]);

        Path layout = Files.createTempDirectory(archive.toAbsolutePath().getParent(), "oci-layout");
        try {
            Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
            List<String> layerDescriptors = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            List<String> history = new ArrayList<>();
            long unpacked = 0;
            for (Map.Entry<String, List<String>> layer : layers.entrySet()) {
                Path tmp = blobs.resolve("layer.tmp");
                MessageDigest compressed = sha256();
                MessageDigest plain = sha256();
                TarWriter tar;
                try (OutputStream file = Files.newOutputStream(tmp);
                     DigestOutputStream gzipped = new DigestOutputStream(file, compressed);
                     GZIPOutputStream gzip = new GZIPOutputStream(gzipped, 1 << 16);
                     DigestOutputStream raw = new DigestOutputStream(gzip, plain)) {
                    tar = new TarWriter(raw, epoch);
                    Set<String> written = new java.util.HashSet<>();
                    for (String path : layer.getValue()) {
                        addTree(tar, rootfs, path, written, owned, uid, gid);
                    }
                    tar.finish();
                }
                String digest = hex(compressed);
                Files.move(tmp, blobs.resolve(digest), StandardCopyOption.REPLACE_EXISTING);
                long size = Files.size(blobs.resolve(digest));
                unpacked += tar.contentBytes;
                layerDescriptors.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", digest, size,
                        Map.of("io.seamline.image.layer", layer.getKey())));
                diffIds.add(quote("sha256:" + hex(plain)));
                history.add("{\"created\":" + quote(iso(epoch)) + ",\"created_by\":" + quote("ImageTool layer " + layer.getKey()) + "}");
                System.out.printf("  layer %-8s %7.1f MB gzipped, %7.1f MB of files  sha256:%s%n",
                        layer.getKey(), mb(size), mb(tar.contentBytes), digest);
            }

            StringBuilder cfg = new StringBuilder("{");
            cfg.append("\"User\":").append(quote(config.getOrDefault("User", owner)));
            cfg.append(",\"ExposedPorts\":{").append(String.join(",", ports.stream().map(p -> quote(p) + ":{}").toList())).append('}');
            cfg.append(",\"Env\":").append(array(env));
            cfg.append(",\"Entrypoint\":").append(array(entrypoint));
            if (config.containsKey("WorkingDir")) {
                cfg.append(",\"WorkingDir\":").append(quote(config.get("WorkingDir")));
            }
            cfg.append(",\"Labels\":").append(object(labels));
            cfg.append('}');
            String imageConfig = "{\"created\":" + quote(iso(epoch)) + ",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + cfg
                    + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", diffIds) + "]}"
                    + ",\"history\":[" + String.join(",", history) + "]}";
            String configDigest = writeBlob(blobs, imageConfig);
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                    + descriptor("application/vnd.oci.image.config.v1+json", configDigest, imageConfig.getBytes(StandardCharsets.UTF_8).length, Map.of())
                    + ",\"layers\":[" + String.join(",", layerDescriptors) + "],\"annotations\":" + object(labels) + "}";
            String manifestDigest = writeBlob(blobs, manifest);
            Map<String, String> refName = new TreeMap<>(labels);
            refName.put("org.opencontainers.image.ref.name", "latest");
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifest.getBytes(StandardCharsets.UTF_8).length, refName)
                    + "]}";
            Files.writeString(layout.resolve("index.json"), index);
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");

            // The archive is the layout as a plain tar (what skopeo and podman call oci-archive).
            Path tmpArchive = archive.resolveSibling(archive.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmpArchive)) {
                TarWriter tar = new TarWriter(out, epoch);
                addTree(tar, layout, "oci-layout", new java.util.HashSet<>(), List.of(), 0, 0);
                addTree(tar, layout, "index.json", new java.util.HashSet<>(), List.of(), 0, 0);
                addTree(tar, layout, "blobs", new java.util.HashSet<>(), List.of(), 0, 0);
                tar.finish();
            }
            Files.move(tmpArchive, archive, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("  %s: %.1f MB archive, %.1f MB unpacked; manifest sha256:%s%n",
                    archive, mb(Files.size(archive)), mb(unpacked), manifestDigest);
        } finally {
            // the layout is only the archive's staging area, also when packing failed half way
            try (Stream<Path> files = Files.walk(layout)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Adds {@code path} (relative to root) with its parent directories and, for a directory, everything below it. */
    private static void addTree(TarWriter tar, Path root, String path, Set<String> written, List<String> owned,
                                int uid, int gid) throws IOException {
        Path start = root.resolve(path);
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("nothing at " + start + " to pack");
        }
        Path parent = root.relativize(start).getParent();
        List<Path> parents = new ArrayList<>();
        for (Path p = parent; p != null; p = p.getParent()) {
            parents.addFirst(p);
        }
        List<Path> tree;
        try (Stream<Path> walk = Files.walk(start)) {
            tree = walk.sorted().toList();
        }
        List<Path> all = new ArrayList<>(parents.stream().map(root::resolve).toList());
        all.addAll(tree);
        for (Path file : all) {
            String rel = root.relativize(file).toString();
            if (!written.add(rel)) {
                continue;
            }
            boolean byUser = owned.stream().anyMatch(o -> rel.equals(o) || rel.startsWith(o + "/"));
            tar.add(file, rel, byUser ? uid : 0, byUser ? gid : 0);
        }
    }

    /** A ustar writer: sorted input, given owners, one timestamp; enough for a root filesystem of short paths. */
    static final class TarWriter {
        private final OutputStream out;
        private final long mtime;
        long contentBytes;

        TarWriter(OutputStream out, long mtime) {
            this.out = out;
            this.mtime = mtime;
        }

        void add(Path file, String name, int uid, int gid) throws IOException {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
            if (Files.isSymbolicLink(file)) {
                header(name, 0777, uid, gid, 0, '2', Files.readSymbolicLink(file).toString());
            } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                header(name + "/", mode, uid, gid, 0, '5', "");
            } else {
                long size = Files.size(file);
                header(name, mode, uid, gid, size, '0', "");
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
                pad(size);
                contentBytes += size;
            }
        }

        private void header(String name, int mode, int uid, int gid, long size, char type, String link) throws IOException {
            byte[] h = new byte[512];
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            String prefix = "";
            String shortName = name;
            if (nameBytes.length > 100) {
                int cut = name.lastIndexOf('/', name.length() - 2);
                while (cut > 0 && (name.length() - cut - 1 > 100 || cut > 155)) {
                    cut = name.lastIndexOf('/', cut - 1);
                }
                if (cut <= 0 || name.length() - cut - 1 > 100) {
                    // Longer than ustar holds: a PAX extended header carries the whole path (GNU tar, Go and
                    // every OCI runtime read it), the ustar header a shortened one.
                    pax(name);
                    shortName = name.substring(name.length() - 100).replaceFirst("^/", "");
                } else {
                    prefix = name.substring(0, cut);
                    shortName = name.substring(cut + 1);
                }
            }
            put(h, 0, 100, shortName);
            put(h, 100, 8, octal(mode, 7));
            put(h, 108, 8, octal(uid, 7));
            put(h, 116, 8, octal(gid, 7));
            put(h, 124, 12, octal(size, 11));
            put(h, 136, 12, octal(mtime, 11));
            Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = (byte) type;
            put(h, 157, 100, link);
            put(h, 257, 6, "ustar");
            put(h, 263, 2, "00");
            put(h, 265, 32, uid == 0 ? "root" : "");
            put(h, 297, 32, gid == 0 ? "root" : "");
            put(h, 345, 155, prefix);
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, 8, octal(sum, 6) + "\0 ");
            out.write(h);
        }

        private void pax(String path) throws IOException {
            String body = " path=" + path + "\n";
            int length = body.getBytes(StandardCharsets.UTF_8).length;
            int digits = String.valueOf(length).length();
            int total = length + digits;
            if (String.valueOf(total).length() != digits) {
                total++;
            }
            byte[] record = (total + body).getBytes(StandardCharsets.UTF_8);
            header("PaxHeaders/" + Integer.toHexString(path.hashCode()), 0644, 0, 0, record.length, 'x', "");
            out.write(record);
            pad(record.length);
        }

        private void pad(long size) throws IOException {
            int rem = (int) (size % 512);
            if (rem != 0) {
                out.write(new byte[512 - rem]);
            }
        }

        void finish() throws IOException {
            out.write(new byte[1024]);
            out.flush();
        }

        private static String octal(long value, int digits) {
            String s = Long.toOctalString(value);
            return "0".repeat(Math.max(0, digits - s.length())) + s;
        }

        private static void put(byte[] h, int offset, int length, String value) throws IOException {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > length) {
                throw new IOException("tar field too long: " + value);
            }
            System.arraycopy(bytes, 0, h, offset, bytes.length);
        }
    }

    // ---- inspecting --------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static void inspect(Path layout) throws IOException {
        require(Files.readString(layout.resolve("oci-layout")).contains("\"imageLayoutVersion\""), "oci-layout names no version");
        Map<String, Object> index = (Map<String, Object>) Json.parse(Files.readString(layout.resolve("index.json")));
        List<Object> manifests = (List<Object>) index.get("manifests");
        require(manifests != null && manifests.size() == 1, "index.json must list exactly one manifest");
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(blob(layout, (Map<String, Object>) manifests.getFirst()));
        Map<String, Object> configRef = (Map<String, Object>) manifest.get("config");
        require("application/vnd.oci.image.config.v1+json".equals(configRef.get("mediaType")), "config media type");
        Map<String, Object> image = (Map<String, Object>) Json.parse(blob(layout, configRef));
        List<Object> diffIds = (List<Object>) ((Map<String, Object>) image.get("rootfs")).get("diff_ids");
        List<Object> layers = (List<Object>) manifest.get("layers");
        require(layers.size() == diffIds.size(), "as many layers as diff_ids");
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> layer = (Map<String, Object>) layers.get(i);
            require("application/vnd.oci.image.layer.v1.tar+gzip".equals(layer.get("mediaType")), "layer media type");
            Path file = checkedBlob(layout, layer);
            MessageDigest plain = sha256();
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    plain.update(buffer, 0, n);
                }
            }
            require(("sha256:" + hex(plain)).equals(diffIds.get(i)), "layer " + i + "'s uncompressed digest is its diff_id");
            System.out.println("layer " + file.toAbsolutePath());
        }
        Map<String, Object> config = (Map<String, Object>) image.get("config");
        System.out.println("user " + config.get("User"));
        for (Object e : (List<Object>) config.get("Env")) {
            System.out.println("env " + e);
        }
        for (Object e : (List<Object>) config.get("Entrypoint")) {
            System.out.println("entrypoint " + e);
        }
        for (String port : ((Map<String, Object>) config.get("ExposedPorts")).keySet()) {
            System.out.println("port " + port);
        }
        for (Map.Entry<String, Object> label : ((Map<String, Object>) config.get("Labels")).entrySet()) {
            System.out.println("label " + label.getKey() + "=" + label.getValue());
        }
    }

    private static String blob(Path layout, Map<String, Object> descriptor) throws IOException {
        return Files.readString(checkedBlob(layout, descriptor));
    }

    private static Path checkedBlob(Path layout, Map<String, Object> descriptor) throws IOException {
        String digest = (String) descriptor.get("digest");
        require(digest != null && digest.startsWith("sha256:"), "a sha256 digest");
        Path file = layout.resolve("blobs/sha256/" + digest.substring(7));
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        require(digest.equals("sha256:" + hex(sha)), file + " does not match its digest " + digest);
        require(((Number) descriptor.get("size")).longValue() == Files.size(file), file + " does not have its declared size");
        return file;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("image-check: " + what);
        }
    }

    /** The little JSON this tool reads back: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            require(json.i == text.length(), "trailing characters in JSON");
            return value;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    require(s.charAt(i++) == ':', "':' in JSON");
                    map.put(key, value());
                    space();
                } while (s.charAt(i++) == ',');
                require(s.charAt(i - 1) == '}', "'}' in JSON");
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (s.charAt(i++) == ',');
                require(s.charAt(i - 1) == ']', "']' in JSON");
                return list;
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eEtruefalsn".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String word = s.substring(start, i);
            return switch (word) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.parseDouble(word);
            };
        }

        private String string() {
            require(s.charAt(i++) == '"', "a JSON string");
            StringBuilder out = new StringBuilder();
            for (char c; (c = s.charAt(i++)) != '"'; ) {
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    // ---- JSON writing and digests ------------------------------------------------------------------------------

    private static String writeBlob(Path blobs, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        MessageDigest sha = sha256();
        sha.update(bytes);
        String digest = hex(sha);
        Files.write(blobs.resolve(digest), bytes);
        return digest;
    }

    private static String descriptor(String mediaType, String digest, long size, Map<String, String> annotations) {
        return "{\"mediaType\":" + quote(mediaType) + ",\"digest\":" + quote("sha256:" + digest) + ",\"size\":" + size
                + (annotations.isEmpty() ? "" : ",\"annotations\":" + object(new TreeMap<>(annotations))) + "}";
    }

    private static String array(List<String> values) {
        return "[" + String.join(",", values.stream().map(ImageTool::quote).toList()) + "]";
    }

    private static String object(Map<String, String> values) {
        return "{" + String.join(",", values.entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).toList()) + "}";
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String iso(long epochSeconds) {
        return java.time.Instant.ofEpochSecond(epochSeconds).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static double mb(long bytes) {
        return bytes / 1_048_576.0;
    }
}
