/// The tool's name and version, as reports and `--version` show them.
public enum DarkshareVersion {
  public static let name = "darkshare"
  public static let current = "0.1.0"
}
