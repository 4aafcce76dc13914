package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Closed sets of string values that the CRD schema lists as enums. The resource fields stay {@code
 * String} (other code reads them as strings and the compiler reports unknown values itself); these
 * types only feed {@code @SchemaFrom}, so that the API server rejects other values and {@code
 * kubectl explain} shows the choices.
 */
final class SchemaEnums {
  private SchemaEnums() {}

  enum Ordering {
    @JsonProperty("key")
    KEY,
    @JsonProperty("none")
    NONE
  }

  enum DeletionPolicy {
    @JsonProperty("Retain")
    RETAIN,
    @JsonProperty("Delete")
    DELETE
  }

  enum BackoffPolicy {
    @JsonProperty("exponential")
    EXPONENTIAL,
    @JsonProperty("linear")
    LINEAR
  }

  enum KafkaKey {
    @JsonProperty("userId")
    USER_ID,
    @JsonProperty("messageId")
    MESSAGE_ID,
    @JsonProperty("none")
    NONE
  }

  enum SecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL
  }

  enum SaslMechanism {
    PLAIN,
    @JsonProperty("SCRAM-SHA-256")
    SCRAM_SHA_256,
    @JsonProperty("SCRAM-SHA-512")
    SCRAM_SHA_512
  }

  enum MessageType {
    @JsonProperty("track")
    TRACK,
    @JsonProperty("identify")
    IDENTIFY,
    @JsonProperty("page")
    PAGE,
    @JsonProperty("screen")
    SCREEN,
    @JsonProperty("group")
    GROUP,
    @JsonProperty("alias")
    ALIAS
  }
}
