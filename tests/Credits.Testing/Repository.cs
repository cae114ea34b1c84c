namespace Credits.Testing;

/// <summary>The checkout the tests were built in.</summary>
public static class Repository
{
    /// <summary>The directory holding Credits.Grpc.sln, found upwards from the test output.</summary>
    public static string Root
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(root.FullName, "Credits.Grpc.sln")))
            {
                root = root.Parent ?? throw new InvalidOperationException("Credits.Grpc.sln not found above the test output.");
            }
            return root.FullName;
        }
    }
}
