package dev.sluice.cli;

import picocli.CommandLine;

/** {@code sluice --version}: the data plane's {@link dev.sluice.runtime.Version}. */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"sluice " + dev.sluice.runtime.Version.VERSION};
  }
}
