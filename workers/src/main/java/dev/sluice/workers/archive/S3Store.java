package dev.sluice.workers.archive;

import dev.sluice.api.config.DestinationSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * An S3-compatible bucket (AWS, MinIO, Ceph...): files are staged in a local temporary directory
 * and uploaded whole with one PUT, so an object exists only once complete.
 */
final class S3Store implements ArchiveStore {
  private final S3Client client;
  private final String bucket;
  private final Path staging;

  S3Store(DestinationSettings.S3 settings) throws IOException {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .forcePathStyle(settings.pathStyle())
            // Plain PUTs: S3-compatible stores vary in support for trailing checksums.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .credentialsProvider(
                settings.accessKeyId() == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                            settings.accessKeyId(), settings.secretAccessKey())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    this.client = builder.build();
    this.bucket = settings.bucket();
    this.staging = Files.createTempDirectory("sluice-archive-");
  }

  @Override
  public Path staging(String key) throws IOException {
    return Files.createTempFile(staging, "part-", ".json.gz");
  }

  @Override
  public void publish(Path staged, String key) throws IOException {
    try {
      client.putObject(
          PutObjectRequest.builder()
              .bucket(bucket)
              .key(key)
              .contentType("application/gzip")
              .build(),
          staged);
    } catch (SdkException e) {
      throw new IOException(
          "upload of s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
