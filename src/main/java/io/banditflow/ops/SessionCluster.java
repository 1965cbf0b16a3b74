package io.banditflow.ops;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real standalone Flink session cluster on 127.0.0.1, from the Maven artifacts on this JVM's
 * class path instead of a distribution: a JobManager and TaskManagers as separate JVM processes,
 * started the way Flink's own scripts start them ({@code StandaloneSessionClusterEntrypoint},
 * {@code TaskManagerRunner}, memory from {@code BashJavaUtils}), and Flink's own command-line front
 * end ({@code CliFrontend}) to submit, savepoint, stop and cancel jobs.
 *
 * <pre>
 * mvn -q compile exec:exec@cluster -Dcluster.args=start      # JobManager + 2 TaskManagers
 * mvn -q compile exec:exec@cluster -Dcluster.args="flink list"
 * mvn -q compile exec:exec@cluster -Dcluster.args=stop
 * </pre>
 *
 * <p>The cluster's configuration is {@code conf/config.yaml} copied into the work directory ({@code
 * target/session-cluster} by default) with the overrides given; its logs and process ids live there
 * too, so {@code stop} works from another JVM.
 */
public final class SessionCluster implements AutoCloseable {
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** What a distribution's config gives every Flink JVM (env.java.opts.all) on Java 17. */
    private static final List<String> JAVA_MODULE_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final Pattern TASK_MANAGER_ID = Pattern.compile("\"id\"\\s*:");

    private final Path workDir;
    private final String classPath;
    private final int restPort;
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private Thread stopper;
    private int jobManagerRestarts;

    private SessionCluster(Path workDir, String classPath, int restPort, Process jobManager) {
        this.workDir = workDir;
        this.classPath = classPath;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers and waits until they have
     * registered.
     *
     * @param overrides settings that replace or extend conf/config.yaml's (flat keys, e.g. {@code
     *     rest.port})
     */
    public static SessionCluster start(
            Path workDir, Path config, int taskManagers, Map<String, String> overrides)
            throws IOException, InterruptedException {
        Path confDir = workDir.resolve("conf");
        Files.createDirectories(confDir);
        Files.createDirectories(workDir.resolve("log"));
        StringBuilder yaml = new StringBuilder(Files.readString(config));
        yaml.append("\n# overrides of the session cluster launcher\n");
        overrides.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml.toString());
        Files.copy(
                Path.of("conf/log4j-cluster.properties"),
                confDir.resolve("log4j.properties"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int restPort = Integer.parseInt(overrides.getOrDefault("rest.port", "8081"));
        String classPath = clusterClassPath();
        SessionCluster cluster =
                new SessionCluster(
                        workDir, classPath, restPort, launchJobManager(workDir, classPath, 0));
        for (int i = 0; i < taskManagers; i++) {
            cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(taskManagers, Duration.ofMinutes(2));
        cluster.writePids();
        return cluster;
    }

    /**
     * Stops the cluster when this JVM stops, however it stops short of {@code kill -9}: for an
     * owner in this JVM (a test), so that an interrupted run leaves no cluster behind. The command
     * line's {@code start} leaves the cluster running on purpose.
     */
    public SessionCluster stoppingWithThisJvm() {
        stopper = new Thread(this::destroyAll, "stop session cluster");
        Runtime.getRuntime().addShutdownHook(stopper);
        return this;
    }

    private void destroyAll() {
        taskManagers.forEach(Process::destroyForcibly);
        jobManager.destroyForcibly();
    }

    private static Process launchJobManager(Path workDir, String classPath, int restarts)
            throws IOException, InterruptedException {
        return launch(
                workDir,
                classPath,
                restarts == 0 ? "jobmanager" : "jobmanager-" + restarts,
                "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    }

    /** Kills the JobManager the hard way, as {@code kill -9} does (docs/operations.md). */
    public void killJobManager() throws InterruptedException {
        jobManager.destroyForcibly();
        jobManager.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Starts a JobManager in place of one that died, and waits until the running TaskManagers have
     * registered with it. With high availability it takes over the jobs and their latest
     * checkpoints; without, it starts empty.
     */
    public void restartJobManager() throws IOException, InterruptedException {
        jobManagerRestarts++;
        jobManager = launchJobManager(workDir, classPath, jobManagerRestarts);
        awaitTaskManagers(
                (int) taskManagers.stream().filter(Process::isAlive).count(),
                Duration.ofMinutes(2));
        writePids();
    }

    /** Starts one more TaskManager (after one was killed, say). */
    public void startTaskManager() throws IOException, InterruptedException {
        taskManagers.add(
                launch(
                        workDir,
                        classPath,
                        "taskmanager-" + taskManagers.size(),
                        "GET_TM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"));
    }

    /** Kills a TaskManager the hard way, as {@code kill -9} does. */
    public void killTaskManager(int index) throws InterruptedException {
        Process process = taskManagers.get(index);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int restPort() {
        return restPort;
    }

    /** Whether any of the cluster's processes is still alive. */
    public boolean running() {
        return jobManager.isAlive() || taskManagers.stream().anyMatch(Process::isAlive);
    }

    /**
     * Runs Flink's command-line front end against this cluster, as {@code bin/flink} does.
     *
     * @return the exit code and everything it printed
     */
    public Cli flink(String... args) throws IOException, InterruptedException {
        return flink(workDir, classPath, args);
    }

    /** What a {@code flink} command printed and how it ended. */
    public record Cli(int exitCode, String output) {}

    private static Cli flink(Path workDir, String classPath, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(flinkCommand(workDir, classPath, args))
                        .redirectErrorStream(true);
        builder.environment().put("FLINK_CONF_DIR", workDir.resolve("conf").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Cli(process.waitFor(), output);
    }

    private static List<String> flinkCommand(Path workDir, String classPath, String... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(JAVA_MODULE_OPTIONS);
        command.addAll(List.of("-cp", classPath));
        command.add("-Dlog4j2.configurationFile=" + workDir.resolve("conf/log4j.properties"));
        command.add("-Dlog.file=" + workDir.resolve("log/client.log"));
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Stops every process at once, as {@code stop} does, and waits for them to exit. */
    @Override
    public void close() throws InterruptedException {
        if (stopper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the processes too
            }
        }
        List<Process> all = new ArrayList<>(taskManagers);
        all.add(jobManager);
        all.forEach(Process::destroy);
        for (Process process : all) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        try {
            Files.deleteIfExists(workDir.resolve("pids"));
        } catch (IOException e) {
            // a stale pid file only makes a later stop try pids that are gone
        }
    }

    private void writePids() throws IOException {
        List<String> pids = new ArrayList<>();
        pids.add(String.valueOf(jobManager.pid()));
        taskManagers.forEach(p -> pids.add(String.valueOf(p.pid())));
        Files.write(workDir.resolve("pids"), pids);
    }

    /** Starts one Flink process with the memory settings Flink's own scripts would give it. */
    private static Process launch(
            Path workDir, String classPath, String name, String resourceQuery, String mainClass)
            throws IOException, InterruptedException {
        Path confDir = workDir.resolve("conf");
        List<String> resources = resourceParams(classPath, confDir, resourceQuery);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(JAVA_MODULE_OPTIONS);
        command.addAll(split(resources.get(0)));
        command.add("-Dlog4j2.configurationFile=" + confDir.resolve("log4j.properties"));
        command.add("-Dlog.file=" + workDir.resolve("log/" + name + ".log"));
        command.addAll(List.of("-cp", classPath, mainClass, "--configDir", confDir.toString()));
        if (resources.size() > 1) {
            command.addAll(split(resources.get(1)));
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("log/" + name + ".out").toFile())
                .start();
    }

    /** The lines {@code BashJavaUtils} prints for a process: JVM flags, then dynamic settings. */
    private static List<String> resourceParams(String classPath, Path confDir, String query)
            throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classPath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                query,
                                "--configDir",
                                confDir.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        List<String> results =
                output.lines()
                        .filter(line -> line.startsWith(RESULT_PREFIX))
                        .map(line -> line.substring(RESULT_PREFIX.length()))
                        .toList();
        if (results.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + query + " failed:\n" + output);
        }
        return results;
    }

    private static List<String> split(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private void awaitTaskManagers(int expected, Duration timeout) throws InterruptedException {
        awaitTaskManagers(workDir, restPort, jobManager.toHandle(), expected, timeout);
    }

    /** Waits until {@code expected} TaskManagers have registered with the JobManager. */
    private static void awaitTaskManagers(
            Path workDir, int restPort, ProcessHandle jobManager, int expected, Duration timeout)
            throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/taskmanagers"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int registered = 0;
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException(
                        "the JobManager exited; see " + workDir.resolve("log"));
            }
            try {
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                Matcher ids = TASK_MANAGER_ID.matcher(body);
                registered = 0;
                while (ids.find()) {
                    registered++;
                }
                if (registered >= expected) {
                    return;
                }
            } catch (IOException notUpYet) {
                // the REST endpoint is not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException(
                registered
                        + " of "
                        + expected
                        + " TaskManagers registered within "
                        + timeout
                        + "; logs in "
                        + workDir.resolve("log"));
    }

    /**
     * This JVM's class path without the project's own classes and the Kafka client and connector:
     * what a Flink distribution's lib/ holds; the job brings the rest in its jar.
     */
    private static String clusterClassPath() {
        // the job's own classes (classes, test classes, or the job jar under failsafe) and what it
        // bundles come with the job: on the cluster's classpath they would load twice. Told apart
        // by what they are, not by where the command runs (bin/flink runs from anywhere).
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Files.isDirectory(Path.of(entry)))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("banditflow-"))
                .filter(entry -> !entry.contains("flink-connector-kafka"))
                .filter(entry -> !entry.contains(File.separator + "kafka-clients"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code start [key=value ...]} (settings that override conf/config.yaml's), {@code stop},
     * {@code jobmanager} (a JobManager in place of the cluster's that died), or {@code flink
     * <args>} against the started cluster.
     */
    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(System.getProperty("cluster.dir", "target/session-cluster"));
        String action = args.length == 0 ? "start" : args[0];
        switch (action) {
            case "start" -> {
                SessionCluster cluster =
                        start(
                                workDir,
                                Path.of("conf/config.yaml"),
                                2,
                                overrides(Arrays.copyOfRange(args, 1, args.length)));
                System.out.printf(
                        "session cluster up: JobManager and 2 TaskManagers, web UI and REST on"
                                + " http://127.0.0.1:%d, logs in %s%n",
                        cluster.restPort(), workDir.resolve("log"));
            }
            case "stop" -> stopFromPids(workDir);
            case "jobmanager" -> jobManagerInPlaceOfTheDead(workDir);
            case "flink" ->
                    System.exit(
                            flinkInForeground(workDir, Arrays.copyOfRange(args, 1, args.length)));
            default -> {
                System.err.println(
                        "usage: start [key=value ...] | stop | jobmanager | flink <flink CLI"
                                + " arguments>");
                System.exit(2);
            }
        }
    }

    private static Map<String, String> overrides(String[] settings) {
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                System.err.println("session cluster: not a key=value setting: " + setting);
                System.exit(2);
            }
            overrides.put(setting.substring(0, eq), setting.substring(eq + 1));
        }
        return overrides;
    }

    /** Flink's front end with this process's terminal: what it prints appears as it prints. */
    private static int flinkInForeground(Path workDir, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(flinkCommand(workDir, clusterClassPath(), args));
        builder.environment().put("FLINK_CONF_DIR", workDir.resolve("conf").toString());
        return builder.inheritIO().start().waitFor();
    }

    /**
     * Starts a JobManager in place of the recorded one, which must have died (docs/operations.md,
     * "Losing the JobManager"), and waits until the living TaskManagers have registered with it:
     * with high availability that is after it won the leadership and took the jobs over.
     */
    private static void jobManagerInPlaceOfTheDead(Path workDir)
            throws IOException, InterruptedException {
        Path pids = workDir.resolve("pids");
        if (!Files.exists(pids)) {
            exitWith("no session cluster recorded in " + workDir);
        }
        List<String> recorded = Files.readAllLines(pids);
        // a kill just sent may take a moment to end the process
        for (int waited = 0; alive(recorded.get(0)) && waited < 20; waited++) {
            TimeUnit.MILLISECONDS.sleep(500);
        }
        if (alive(recorded.get(0))) {
            exitWith("the JobManager is running (pid " + recorded.get(0) + ")");
        }
        int started;
        try (var logs = Files.list(workDir.resolve("log"))) {
            started =
                    (int)
                            logs.filter(
                                            f ->
                                                    f.getFileName()
                                                            .toString()
                                                            .matches("jobmanager.*\\.log"))
                                    .count();
        }
        Process jobManager = launchJobManager(workDir, clusterClassPath(), started);
        List<String> taskManagers =
                recorded.subList(1, recorded.size()).stream()
                        .filter(SessionCluster::alive)
                        .toList();
        int restPort =
                org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(
                                workDir.resolve("conf").toString())
                        .get(org.apache.flink.configuration.RestOptions.PORT);
        awaitTaskManagers(
                workDir,
                restPort,
                jobManager.toHandle(),
                taskManagers.size(),
                Duration.ofMinutes(3));
        List<String> updated = new ArrayList<>(List.of(String.valueOf(jobManager.pid())));
        updated.addAll(taskManagers);
        Files.write(pids, updated);
        System.out.printf(
                "JobManager started (pid %d), %d TaskManagers registered with it, log %s%n",
                jobManager.pid(),
                taskManagers.size(),
                workDir.resolve("log/jobmanager-" + started + ".log"));
    }

    /**
     * Whether a process runs: not gone and not a zombie (a process that died whose parent, here the
     * JVM that started the cluster and has exited, never reaped it; a container's first process
     * often does not reap either).
     */
    private static boolean alive(String pid) {
        boolean exists =
                ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        Path stat = Path.of("/proc", pid, "stat");
        try {
            String line = Files.readString(stat);
            return exists && line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException noProcFileSystem) {
            return exists;
        }
    }

    private static void exitWith(String message) {
        System.err.println("session cluster: " + message);
        System.exit(2);
    }

    private static void stopFromPids(Path workDir) throws IOException, InterruptedException {
        Path pids = workDir.resolve("pids");
        if (!Files.exists(pids)) {
            System.out.println("no session cluster recorded in " + workDir);
            return;
        }
        List<ProcessHandle> processes =
                Files.readAllLines(pids).stream()
                        .map(Long::parseLong)
                        .map(ProcessHandle::of)
                        .flatMap(java.util.Optional::stream)
                        .toList();
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
            }
        }
        Files.delete(pids);
        System.out.printf("stopped %d session cluster processes%n", processes.size());
    }
}
