import SetupCommands

Entrypoint.main()
