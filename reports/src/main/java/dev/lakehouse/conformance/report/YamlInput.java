package dev.lakehouse.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * The report's YAML inputs (the checkpoint catalogue, the known-defects list): read strictly (an unknown key is an
 * error, not ignored), from the classpath or a file, every problem one {@link ReportInputException} that names
 * what was read ({@code what}, e.g. "checkpoint catalogue") and where.
 */
final class YamlInput {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private YamlInput() {
    }

    /** A classpath resource of this module, handed to {@code load} with "classpath:&lt;resource&gt;" as its source. */
    static <T> T resource(String what, String resource, BiFunction<InputStream, String, T> load) {
        try (InputStream in = YamlInput.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ReportInputException(what + ": classpath resource " + resource + " not found");
            }
            return load.apply(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new ReportInputException(what + ": cannot read classpath resource " + resource + ": " + e.getMessage(), e);
        }
    }

    /** A file, handed to {@code load} with its path as its source. */
    static <T> T file(String what, Path file, BiFunction<InputStream, String, T> load) {
        try (InputStream in = Files.newInputStream(file)) {
            return load.apply(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ReportInputException(what + " " + file + " not found");
        } catch (IOException e) {
            throw new ReportInputException(what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The stream's document as {@code type}; malformed YAML names the line and column, an empty one is an error. */
    static <T> T read(String what, InputStream in, String source, Class<T> type) {
        T value;
        try {
            value = YAML.readValue(in, type);
        } catch (JsonProcessingException e) {
            throw new ReportInputException(what + " " + source + " is malformed: " + describe(e), e);
        } catch (IOException e) {
            throw new ReportInputException(what + " " + source + " cannot be read: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new ReportInputException(what + " " + source + " is empty");
        }
        return value;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
