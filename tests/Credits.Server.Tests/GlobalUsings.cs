global using static Credits.Testing.RpcAssertions;
