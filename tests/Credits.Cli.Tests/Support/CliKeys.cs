namespace Credits.Cli.Tests.Support;

/// <summary>
/// The configured API keys of the CLI's test servers, with their SHA-256 computed once with
/// <c>sha256sum</c> (the tests do not trust the server's own hashing).
/// </summary>
public static class CliKeys
{
    /// <summary>Named <c>operator</c>, scope <c>admin</c>.</summary>
    public const string Admin = "ck_test_cli_admin_7d2e9a41c3b58f06";
    public const string AdminName = "operator";
    public const string AdminSha256 = "432efaf0515d8940d0fa529bd77a44184e00978bfa01f81f6b85b64c35504138";

    /// <summary>Named <c>dashboard</c>, scope <c>ledger:read</c> only.</summary>
    public const string Reader = "ck_test_cli_reader_2b6f0e93a4d71c58";
    public const string ReaderName = "dashboard";
    public const string ReaderSha256 = "e176d1007cb809785c36f4e079f14a5f30cbad5ebb5eaefef5b991719fd2e6ff";

    /// <summary>Well-formed, but no server knows it.</summary>
    public const string Unknown = "ck_test_cli_unknown_000000000000";
}
