namespace Credits.Server.Tests.Support;

/// <summary>
/// The API keys the test servers accept, with their SHA-256 as the configuration stores it
/// (computed once with <c>sha256sum</c>, so the tests do not trust the server's own hashing).
/// </summary>
public static class TestKeys
{
    /// <summary>Named <c>writer</c>, scopes <c>ledger:read</c> and <c>ledger:write</c>.</summary>
    public const string Writer = "ck_test_writer_5f1c2a9e7b3d4e60";
    public const string WriterName = "writer";
    public const string WriterSha256 = "5b147747697a23a465fec538b8b51c0faaa5bdffa3459474cb874dd877894fb3";

    /// <summary>Named <c>writer-b</c>, the same scopes as <see cref="Writer"/>: another service.</summary>
    public const string OtherWriter = "ck_test_writer_b_3e9d7c1a2b4f5e68";
    public const string OtherWriterName = "writer-b";
    public const string OtherWriterSha256 = "8a983ed7ade8f8f1928159743f297998fff12a508f7100ce753eaefa4347bd26";

    /// <summary>Named <c>reader</c>, scope <c>ledger:read</c> only.</summary>
    public const string Reader = "ck_test_reader_8a4d0c3b6e2f4a17";
    public const string ReaderName = "reader";
    public const string ReaderSha256 = "521703bf941aa37930d91099906df951d3f0754c90d8162bf32eae86c0931b36";

    /// <summary>Named <c>ops</c>, scope <c>admin</c>: the SubscriptionService.</summary>
    public const string Admin = "ck_test_admin_6c2b9e1f0a7d3c45";
    public const string AdminName = "ops";
    public const string AdminSha256 = "218f2757e6aa0cf572bb801d1b73cba1c9f7f20d3c5d4d6a698028072616793e";
    public const string ScopeAdmin = "admin";

    /// <summary>Well-formed, but no server knows it.</summary>
    public const string Unknown = "ck_test_unknown_0000000000000000";

    /// <summary>The development key, accepted only by a host in the Development environment.</summary>
    public const string Development = "credits-dev-key";

    public const string ScopeRead = "ledger:read";
    public const string ScopeWrite = "ledger:write";
}
