package dev.lakehouse.conformance.suite.documentation;

import dev.lakehouse.conformance.backend.kubernetes.KubernetesBinaries;
import dev.lakehouse.conformance.backend.python.PythonVenv;
import dev.lakehouse.conformance.runbook.Runbook;
import dev.lakehouse.conformance.runbook.RunbookShell;
import dev.lakehouse.conformance.suite.support.S3Clients;
import dev.lakehouse.conformance.target.Capability;
import dev.lakehouse.conformance.target.S3Endpoint;
import dev.lakehouse.conformance.target.Settings;
import dev.lakehouse.conformance.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A runbook of docs/runbooks and a shell that runs its steps with the variables its "Variables" table names, set
 * for this target: kubectl (built by the run with the control plane) first on PATH, the run's Python environment,
 * the target's kubeconfig, S3 and its CA. The steps' own S3 requests carry the suites' user-agent marker, so RGW's
 * ops log does not count them as the platform's.
 */
final class RunbookSession {
    private final Runbook runbook;
    private final RunbookShell shell;
    private final Path workDir;

    private RunbookSession(Runbook runbook, RunbookShell shell, Path workDir) {
        this.runbook = runbook;
        this.shell = shell;
        this.workDir = workDir;
    }

    static RunbookSession open(Target target, String fileName) {
        Settings settings = Settings.fromSystemProperties();
        Runbook runbook = Runbook.load(settings.runbook(fileName));
        Path workDir;
        Path logs = settings.resultsDir().resolveSibling("runbook-logs");
        try {
            Files.createDirectories(logs);
            workDir = Files.createTempDirectory(logs, target.runId() + "-" + fileName.replace(".md", "") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work dir under " + logs, e);
        }
        RunbookShell shell = new RunbookShell(runbook, workDir, logs.resolve(target.runId() + "-" + fileName + ".log"))
                .with("PYTHON", PythonVenv.existing(settings.cacheDir().resolve("python-venv")).python().toString())
                .with("AWS_SDK_UA_APP_ID", S3Clients.USER_AGENT_MARKER + "-runbooks");
        if (target.has(Capability.KUBERNETES)) {
            Path kubectl = KubernetesBinaries.ofThisBuild(settings.cacheDir()).require(KubernetesBinaries.KUBECTL);
            shell.with("PATH", kubectl.getParent() + ":" + System.getenv("PATH"))
                    .with("KUBECONFIG", target.kubernetes().kubeconfig().toString())
                    .with("NAMESPACE", target.kubernetes().namespace());
        }
        if (target.has(Capability.S3)) {
            S3Endpoint s3 = target.s3();
            shell.with("S3_ENDPOINT", s3.endpoint().toString()).with("S3_REGION", s3.region())
                    .with("AWS_ACCESS_KEY_ID", s3.accessKey()).withSecret("AWS_SECRET_ACCESS_KEY", s3.secretKey());
            s3.caCertificate().ifPresent(ca -> shell.with("AWS_CA_BUNDLE", ca.toString()));
        }
        return new RunbookSession(runbook, shell, workDir);
    }

    Runbook runbook() {
        return runbook;
    }

    RunbookShell shell() {
        return shell;
    }

    Path workDir() {
        return workDir;
    }
}
