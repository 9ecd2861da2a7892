"""How full a capped list is (the roster of 100, a stage's shortlist of 20)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Fill:
    taken: int
    capacity: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def percent(self) -> int:
        """Share of the places taken, 0–100, for a progress bar."""
        return min(round(100 * self.taken / self.capacity), 100) if self.capacity else 0

    @property
    def is_full(self) -> bool:
        return self.taken >= self.capacity
