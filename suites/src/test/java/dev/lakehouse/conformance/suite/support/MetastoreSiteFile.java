package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.process.ConfigurationException;
import dev.lakehouse.conformance.target.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The metastore's {@code metastore/metastore-site.xml} in the platform directory: the file the cluster mounts from its
 * ConfigMap and the local backend starts the metastore with. Tests read the metastore's settings here, with the
 * metastore's own defaults for what the file leaves out, instead of assuming this repository's values.
 */
public record MetastoreSiteFile(Path file, Map<String, String> properties) {
    /** The metastore task that drops locks not heartbeated within {@code metastore.txn.timeout}. */
    static final String ACID_HOUSEKEEPER = "org.apache.hadoop.hive.metastore.txn.service.AcidHouseKeeperService";
    /** Metastore 4.0's defaults of the settings read here. */
    static final Duration DEFAULT_TXN_TIMEOUT = Duration.ofSeconds(300);
    static final Duration DEFAULT_HOUSEKEEPER_INTERVAL = Duration.ofSeconds(60);
    private static final Pattern TIME = Pattern.compile("(\\d+)\\s*([a-z]*)");

    public static MetastoreSiteFile ofThePlatform() {
        return read(Settings.fromSystemProperties().platformFile("metastore/metastore-site.xml"));
    }

    static MetastoreSiteFile read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nodes = factory.newDocumentBuilder().parse(in).getDocumentElement().getElementsByTagName("property");
            Map<String, String> properties = new HashMap<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element property = (Element) nodes.item(i);
                properties.put(text(property, "name"), text(property, "value"));
            }
            return new MetastoreSiteFile(file, properties);
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new ConfigurationException("lakehouse.platform.dir", "cannot read " + file + ": " + e.getMessage(),
                    "fix the metastore's metastore-site.xml");
        }
    }

    /**
     * How long a table lock nobody will release (its writer, or the metastore that granted it, killed mid-commit) keeps
     * the table's writers waiting: the lock timeout plus one housekeeper interval; empty when no task of this metastore
     * times locks out, so such a lock stays until someone deletes it.
     */
    public Optional<Duration> abandonedLockLifetime() {
        boolean housekeeping = Boolean.parseBoolean(value("metastore.housekeeping.threads.on", "hive.metastore.housekeeping.threads.on")
                .orElse("false").trim());
        boolean acidHousekeeper = value("metastore.task.threads.remote", null).map(tasks -> tasks.contains(ACID_HOUSEKEEPER)).orElse(true);
        if (!housekeeping || !acidHousekeeper) {
            return Optional.empty();
        }
        return Optional.of(seconds("metastore.txn.timeout", "hive.txn.timeout", DEFAULT_TXN_TIMEOUT)
                .plus(seconds("metastore.acid.housekeeper.interval", "hive.metastore.acid.housekeeper.interval", DEFAULT_HOUSEKEEPER_INTERVAL)));
    }

    /** A setting under its name or the alias the metastore also reads. */
    Optional<String> value(String name, String alias) {
        return Optional.ofNullable(properties.get(name)).or(() -> Optional.ofNullable(alias == null ? null : properties.get(alias)));
    }

    /** A time setting as the metastore reads it: a number with an optional unit, seconds when none. */
    Duration seconds(String name, String alias, Duration fallback) {
        Optional<String> value = value(name, alias);
        if (value.isEmpty()) {
            return fallback;
        }
        Matcher time = TIME.matcher(value.get().trim().toLowerCase(Locale.ROOT));
        if (time.matches()) {
            long amount = Long.parseLong(time.group(1));
            switch (time.group(2)) {
                case "", "s", "sec", "secs", "second", "seconds":
                    return Duration.ofSeconds(amount);
                case "ms", "msec", "msecs":
                    return Duration.ofMillis(amount);
                case "m", "min", "mins", "minute", "minutes":
                    return Duration.ofMinutes(amount);
                case "h", "hour", "hours":
                    return Duration.ofHours(amount);
                case "d", "day", "days":
                    return Duration.ofDays(amount);
                default:
                    break;
            }
        }
        throw new ConfigurationException(name + " in " + file, "'" + value.get() + "' is not a time",
                "write a number of seconds, or a number with a unit (ms, s, m, h, d), e.g. 60s");
    }

    private static String text(Element property, String tag) {
        NodeList nodes = property.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
