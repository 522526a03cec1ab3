package dev.graft.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

class OutOfMemoryTest {
    @Test
    void aCpuAllocationFailureNamesTheWorkTheSizeAndTheFix() {
        EngineException e = new EngineException("[enforce fail at alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't"
                + " allocate memory: you tried to allocate 2560000000000 bytes. Error code 12 (Cannot allocate memory)");
        RuntimeException r = OutOfMemory.explain(e, Device.cpu(), "the shape --seq 100000", "lower --seq");
        assertThat(r).isInstanceOf(IllegalArgumentException.class).hasCause(e)
                .hasMessage("out of memory on cpu running the shape --seq 100000 (one tensor needed 2.3 TiB); lower --seq");
    }

    @Test
    void aCudaAllocationFailureKeepsItsOwnUnit() {
        EngineException e = new EngineException("CUDA out of memory. Tried to allocate 20.00 GiB (GPU 0; 79.2 GiB total capacity)");
        assertThat(OutOfMemory.explain(e, Device.gpu(), "x", "y"))
                .hasMessage("out of memory on gpu 0 running x (one tensor needed 20.00 GiB); y");
    }

    @Test
    void otherEngineErrorsPassThrough() {
        EngineException e = new EngineException("index out of range in self");
        assertThat(OutOfMemory.is(e)).isFalse();
        assertThat(OutOfMemory.explain(e, Device.cpu(), "x", "y")).isSameAs(e);
    }
}
