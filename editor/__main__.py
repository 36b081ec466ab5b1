from editor.cli import run

# The guard matters: the suspect checker's child process (multiprocessing "spawn") imports the main
# module again, and must not start a second app when it does.
if __name__ == "__main__":
    run()
