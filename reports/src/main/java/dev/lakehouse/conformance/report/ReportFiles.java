package dev.lakehouse.conformance.report;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Writing report files, and linking to log files from them. */
final class ReportFiles {
    private ReportFiles() {
    }

    static Path write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new ReportInputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A link from a report in {@code outDir} to a log file: relative when the log path is absolute
     * (so the link survives moving the run dir as a whole), a file: URI otherwise; null if the path is unusable.
     */
    static String logHref(Path outDir, String logPath) {
        Path log;
        try {
            log = Path.of(logPath);
        } catch (InvalidPathException e) {
            return null;
        }
        if (outDir != null && log.isAbsolute()) {
            try {
                Path relative = outDir.toAbsolutePath().normalize().relativize(log.normalize());
                String path = relative.toString().replace(File.separatorChar, '/');
                if (path.isEmpty()) {
                    return null;
                }
                String first = path.split("/", 2)[0];
                if (first.contains(":")) {
                    path = "./" + path;
                }
                return new URI(null, null, path, null).toASCIIString();
            } catch (IllegalArgumentException | URISyntaxException e) {
                // different roots or an odd name: fall back to an absolute link
            }
        }
        return log.toAbsolutePath().toUri().toASCIIString();
    }
}
