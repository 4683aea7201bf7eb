"""Small general helpers every package may use: paths, files, text, values of files."""
