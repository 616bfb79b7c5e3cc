package dev.ollamaperf.mutations;

import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Turns {@code .childOption(ChannelOption.TCP_NODELAY, true)} into {@code ... false}: the byte code reads the
 * static field {@code TCP_NODELAY} and pushes the constant {@code true} ({@code ICONST_1}) right after; that
 * constant becomes {@code ICONST_0}. Nothing else changes, and each rewrite is counted.
 */
final class NagleRewrite implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {

    private static final String CHANNEL_OPTION = "io/netty/channel/ChannelOption";

    private final AtomicInteger applied;

    NagleRewrite(AtomicInteger applied) {
        this.applied = applied;
    }

    @Override
    public MethodVisitor wrap(
            TypeDescription instrumentedType,
            MethodDescription instrumentedMethod,
            MethodVisitor methodVisitor,
            Implementation.Context implementationContext,
            TypePool typePool,
            int writerFlags,
            int readerFlags) {
        return new MethodVisitor(OpenedClassReader.ASM_API, methodVisitor) {
            private boolean afterNoDelay;

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                super.visitFieldInsn(opcode, owner, name, descriptor);
                afterNoDelay =
                        opcode == Opcodes.GETSTATIC && owner.equals(CHANNEL_OPTION) && name.equals("TCP_NODELAY");
            }

            @Override
            public void visitInsn(int opcode) {
                if (afterNoDelay && opcode == Opcodes.ICONST_1) {
                    applied.incrementAndGet();
                    super.visitInsn(Opcodes.ICONST_0);
                } else {
                    super.visitInsn(opcode);
                }
                afterNoDelay = false;
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                afterNoDelay = false;
                super.visitVarInsn(opcode, varIndex);
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                afterNoDelay = false;
                super.visitIntInsn(opcode, operand);
            }

            @Override
            public void visitLdcInsn(Object value) {
                afterNoDelay = false;
                super.visitLdcInsn(value);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                afterNoDelay = false;
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                afterNoDelay = false;
                super.visitTypeInsn(opcode, type);
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                afterNoDelay = false;
                super.visitJumpInsn(opcode, label);
            }
        };
    }
}
