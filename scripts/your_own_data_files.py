#!/usr/bin/env python3
"""Reshapes a folder written by `recgrad generate` into the files a practitioner has:
ratings.csv with MovieLens latest's header, and movies.csv with an id, a title, genres
joined by '|' and a year (docs/your-own-data.md walks through them)."""
import random
import sys
from pathlib import Path

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "latest")
random.seed(0)
with open("ratings.csv", "w") as out:
    out.write("userId,movieId,rating,timestamp\n")
    for line in (folder / "interactions.csv").read_text().splitlines()[1:]:
        out.write(line + "\n")
with open("movies.csv", "w") as out:
    out.write("movieId,title,genres,year\n")
    for line in (folder / "item_features.csv").read_text().splitlines()[1:]:
        item, features = line.split(",", 1)
        parts = features.split(";")
        genres = [p.split("=")[1].split(":")[0] for p in parts if p.startswith("genre=")]
        decade = [p.split("=")[1] for p in parts if p.startswith("decade=")][0]
        year = int(decade[:4]) + random.randint(0, 9)  # a year within the planted decade
        out.write(f'{item},"Movie {item}, The ({year})",{"|".join(genres)},{year}\n')
