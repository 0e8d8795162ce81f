// Choosing a test image to look inside the network with. The back end hands out test images by
// confusion-matrix cell, so a random image is a random cell, weighted by how many images it
// holds (so common answers come up as often as they occur), then a random image within it.

export interface Cell {
  readonly actual: number;
  readonly predicted: number;
}

/** A random cell: among all images, or among the mistakes only (off the diagonal). Without a
 * matrix (a run not tested yet), a random digit read right. Null when there is nothing to draw
 * from, e.g. no mistakes. */
export function randomCell(
  confusion: readonly (readonly number[])[] | null,
  which: 'any' | 'mistake',
  random: () => number = Math.random,
): Cell | null {
  if (confusion === null) {
    if (which === 'mistake') return null;
    const digit = Math.floor(random() * 10);
    return { actual: digit, predicted: digit };
  }
  const counted = (i: number, j: number) => (which === 'mistake' && i === j ? 0 : confusion[i][j]);
  let total = 0;
  for (let i = 0; i < confusion.length; i++)
    for (let j = 0; j < confusion[i].length; j++) total += counted(i, j);
  if (total === 0) return null;
  let left = random() * total;
  for (let i = 0; i < confusion.length; i++)
    for (let j = 0; j < confusion[i].length; j++) {
      left -= counted(i, j);
      if (left < 0) return { actual: i, predicted: j };
    }
  // Only reached through rounding when random() is within an ulp of 1: the last counted cell.
  for (let i = confusion.length - 1; i >= 0; i--)
    for (let j = confusion[i].length - 1; j >= 0; j--)
      if (counted(i, j) > 0) return { actual: i, predicted: j };
  return null;
}
