package io.sparktrain.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Where a result came from: versions of SparkTrain, Spark, ND4J and Java, and the config's hash. */
final class Provenance {
  private Provenance() {}

  /** The provenance record written into {@code summary.json}. */
  static Map<String, Object> of(String sparkVersion, String configYaml, String trainPath, String testPath) {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("sparktrain", sparkTrainVersion());
    provenance.put("spark", sparkVersion);
    provenance.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
    provenance.put("java", System.getProperty("java.version"));
    provenance.put("config_sha256", sha256(configYaml));
    provenance.put("data_train", trainPath);
    provenance.put("data_test", testPath);
    return provenance;
  }

  /** This build's version, from the jar's Maven metadata. */
  static String sparkTrainVersion() {
    return mavenVersion("io.sparktrain", "sparktrain-jobs");
  }

  /** SHA-256 of the text, hex. */
  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String mavenVersion(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown (no " + resource + " on the classpath)";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
