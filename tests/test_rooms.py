"""Does a kernel keep looking at the room after the cell that built the page has finished?"""

from __future__ import annotations

import threading

from jupyter_client.manager import start_new_kernel

from coffeechat import rooms


def test_does_a_callback_scheduled_in_a_kernel_cell_keep_running_after_the_cell():
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.execute_interactive(
            "from coffeechat.rooms import every\nticks = []\ntask = every(0.05, lambda: ticks.append(1))",
            timeout=60,
        )
        client.execute_interactive("import time; time.sleep(0.01)", timeout=60)
        printed = []

        def collect(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])

        # the loop runs between cells: wait in the kernel without blocking it, then look
        client.execute_interactive(
            "import asyncio\nawait asyncio.sleep(0.5)\nprint(task is not None, len(ticks) >= 3)",
            timeout=60,
            output_hook=collect,
        )
        assert "".join(printed).split() == ["True", "True"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_is_there_nothing_scheduled_outside_a_running_loop():
    found = []
    thread = threading.Thread(target=lambda: found.append(rooms.every(1, lambda: None)))  # a thread without a loop
    thread.start()
    thread.join()
    assert found == [None]
